package dev.mail2case.auth;

import jakarta.mail.AuthenticationFailedException;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Function;

/**
 * Tells {@link AccountStatus} how each poll of a mail account went. A failed poll is not retried at once:
 * the wait doubles from one poll interval with each failure in a row, up to a limit, so a refused login
 * does not hammer the server (nor lock the mailbox). A token the server refused is dropped, so the next
 * login asks the provider for a new one.
 */
public final class AccountPollStrategy implements PollingConsumerPollStrategy {
    private final String account;
    private final AccountStatus status;
    private final TokenAuthenticator tokens;
    private final Function<LocalDate, java.util.Optional<String>> expiry;
    private final Clock clock;
    private final long pollDelayMillis;
    private final int maxBackoffPolls;
    private int failuresInARow;
    private java.time.Instant notBefore = java.time.Instant.MIN;

    /**
     * @param tokens the token login, null for a password account
     * @param expiry the credential warning for a day
     * @param maxBackoffPolls the longest wait after failures, in poll intervals
     */
    public AccountPollStrategy(String account, AccountStatus status, TokenAuthenticator tokens,
                               Function<LocalDate, java.util.Optional<String>> expiry, Clock clock,
                               long pollDelayMillis, int maxBackoffPolls) {
        this.account = account;
        this.status = status;
        this.tokens = tokens;
        this.expiry = expiry;
        this.clock = clock;
        this.pollDelayMillis = pollDelayMillis;
        this.maxBackoffPolls = maxBackoffPolls;
    }

    /** Skips the polls that fall within the backoff after a failure. */
    @Override
    public synchronized boolean begin(Consumer consumer, Endpoint endpoint) {
        return !clock.instant().isBefore(notBefore);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        synchronized (this) {
            failuresInARow = 0;
        }
        status.succeeded(account, polledMessages);
        status.credentialWarning(account, expiry.apply(LocalDate.now(clock)).orElse(null));
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        String retry = backOff();
        if (tokens != null && tokens.lastFailure() != null) {
            status.failed(account, describe(tokens.lastFailure()), cause, retry);
            return false;
        }
        if (tokens != null && refusedLogin(cause)) {
            tokens.tokens().invalidate();
        }
        status.failed(account, describe(cause), cause, retry);
        return false;
    }

    /** One poll interval after the first failure, then twice as long each time, up to the limit. */
    private synchronized String backOff() {
        failuresInARow++;
        long polls = Math.min(maxBackoffPolls, 1L << Math.min(20, failuresInARow - 1));
        java.time.Duration wait = java.time.Duration.ofMillis(pollDelayMillis * polls);
        notBefore = clock.instant().plus(wait);
        return "next try in " + (wait.toMillis() < 10_000 ? wait.toMillis() + " ms" : wait.toSeconds() + " s");
    }

    static boolean refusedLogin(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException) {
                return true;
            }
        }
        return false;
    }

    /** The reason a person can act on: the identity provider's answer, or the mail server's refusal. */
    public static String describe(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof TokenException) {
                return "no access token: " + t.getMessage();
            }
            if (t instanceof AuthenticationFailedException) {
                return "login refused by the mail server: " + t.getMessage();
            }
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

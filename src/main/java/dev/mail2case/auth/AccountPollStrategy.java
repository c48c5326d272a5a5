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
 * the consumer's backoff skips the next polls, so a refused login does not hammer the server. A token the
 * server refused is dropped, so the next login asks the provider for a new one.
 */
public final class AccountPollStrategy implements PollingConsumerPollStrategy {
    private final String account;
    private final AccountStatus status;
    private final TokenAuthenticator tokens;
    private final Function<LocalDate, java.util.Optional<String>> expiry;
    private final Clock clock;
    private final String retry;

    /**
     * @param tokens the token login, null for a password account
     * @param expiry the credential warning for a day
     * @param retry  how the next try comes, for the log line
     */
    public AccountPollStrategy(String account, AccountStatus status, TokenAuthenticator tokens,
                               Function<LocalDate, java.util.Optional<String>> expiry, Clock clock, String retry) {
        this.account = account;
        this.status = status;
        this.tokens = tokens;
        this.expiry = expiry;
        this.clock = clock;
        this.retry = retry;
    }

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        return true;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        status.succeeded(account);
        status.credentialWarning(account, expiry.apply(LocalDate.now(clock)).orElse(null));
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        if (tokens != null && tokens.lastFailure() != null) {
            status.failed(account, describe(tokens.lastFailure()), retry);
            return false;
        }
        if (tokens != null && refusedLogin(cause)) {
            tokens.tokens().invalidate();
        }
        status.failed(account, describe(cause), retry);
        return false;
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

package dev.mail2case.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How each account is being read, the one record of it that health, the console and the metrics all
 * read: its state, how it is read, its last poll (and the mail it found), last success and last error.
 * A failing account is DEGRADED with the server's or identity provider's reason, and says so once in
 * the log (again only when the reason changes); the others go on.
 */
public final class AccountStatus {
    private static final Logger LOG = LoggerFactory.getLogger(AccountStatus.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum State { STARTING, UP, DEGRADED }

    /**
     * @param lastPollMails the mail the last successful poll found, null when the reader does not say
     * @param lastErrorAt when {@code lastError} happened
     * @param lastError the reason a person can act on
     * @param lastErrorThrown the same failure as it was thrown (its kind and message), for the console
     */
    public record Entry(String account, String reading, State state, Instant lastPoll, Integer lastPollMails,
                        Instant lastSuccess, Instant lastErrorAt, String lastError, String lastErrorThrown,
                        int failures, String credentialWarning) {
        Entry polled(Instant at, Integer mails) {
            return new Entry(account, reading, State.UP, at, mails, at, lastErrorAt, lastError, lastErrorThrown, 0,
                    credentialWarning);
        }

        Entry failed(Instant at, String reason, String thrown) {
            return new Entry(account, reading, State.DEGRADED, at, lastPollMails, lastSuccess, at, reason, thrown,
                    failures + 1, credentialWarning);
        }

        Entry warned(String warning) {
            return new Entry(account, reading, state, lastPoll, lastPollMails, lastSuccess, lastErrorAt, lastError,
                    lastErrorThrown, failures, warning);
        }

        Entry readBy(String how) {
            return new Entry(account, how, state, lastPoll, lastPollMails, lastSuccess, lastErrorAt, lastError,
                    lastErrorThrown, failures, credentialWarning);
        }
    }

    /** Told of each poll as it ends, e.g. to count polls. */
    public interface PollListener {
        void polled(String account, boolean succeeded);
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final List<PollListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public AccountStatus(Clock clock) {
        this.clock = clock;
    }

    /** @param reading how the account is read, e.g. {@code poll imap} or {@code poll graph} */
    public void register(String account, String reading) {
        entries.put(account, new Entry(account, reading, State.STARTING, null, 0, null, null, null, null, 0, null));
    }

    public void onPoll(PollListener listener) {
        listeners.add(listener);
    }

    /** A poll that went through, without saying how much mail it found. */
    public void succeeded(String account) {
        succeeded(account, null);
    }

    public void succeeded(String account, Integer mails) {
        Instant now = clock.instant();
        Entry e = entries.computeIfPresent(account, (k, was) -> {
            if (was.state() == State.DEGRADED) {
                LOG.info("Account {} is read again after {} failed poll(s)", account, was.failures());
            }
            return was.polled(now, mails);
        });
        tell(e, true);
    }

    public void failed(String account, String reason, String retry) {
        failed(account, reason, null, retry);
    }

    /** @param cause what the poll threw, null when the reason is all there is */
    public void failed(String account, String reason, Throwable cause, String retry) {
        String thrown = cause == null ? reason : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Entry e = entries.computeIfPresent(account, (k, was) -> {
            if (was.state() != State.DEGRADED || !reason.equals(was.lastError())) {
                LOG.warn("Account {} cannot be read, DEGRADED ({}; other accounts go on): {}", account, retry, reason);
            }
            return was.failed(clock.instant(), reason, thrown);
        });
        tell(e, false);
    }

    private void tell(Entry e, boolean succeeded) {
        if (e != null) {
            listeners.forEach(l -> l.polled(e.account(), succeeded));
        }
    }

    /** Records (and logs, once a day at most) a credential about to expire; null clears it. */
    public void credentialWarning(String account, String warning) {
        entries.computeIfPresent(account, (k, e) -> {
            if (warning != null && !warning.equals(e.credentialWarning())) {
                LOG.warn("Account {}: {}", account, warning);
            }
            return e.warned(warning);
        });
    }

    /** How the account is read now, e.g. after IDLE started or was lost; logged when it changes. */
    public void reading(String account, String reading) {
        entries.computeIfPresent(account, (k, e) -> {
            if (!reading.equals(e.reading())) {
                LOG.info("Account {} is read by {}", account, reading);
            }
            return e.readBy(reading);
        });
    }

    public Entry get(String account) {
        return entries.get(account);
    }

    public List<Entry> all() {
        return entries.values().stream().sorted(Comparator.comparing(Entry::account)).toList();
    }

    public boolean anyDegraded() {
        return entries.values().stream().anyMatch(e -> e.state() == State.DEGRADED);
    }

    /** The accounts as a JSON array for the health answer. */
    public ArrayNode json() {
        ArrayNode out = JSON.createArrayNode();
        for (Entry e : all()) {
            var node = out.addObject().put("account", e.account()).put("reading", e.reading())
                    .put("state", e.state().name());
            node.put("lastPoll", e.lastPoll() == null ? null : e.lastPoll().toString());
            node.put("lastSuccess", e.lastSuccess() == null ? null : e.lastSuccess().toString());
            node.put("lastError", e.lastError());
            node.put("failures", e.failures());
            node.put("credentialWarning", e.credentialWarning());
        }
        return out;
    }
}

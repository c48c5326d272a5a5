package dev.mail2case.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each account is being read, for health and operators: its state, last poll, last success and
 * last error. A failing account is DEGRADED with the server's or identity provider's reason, and says
 * so once in the log (again only when the reason changes); the others go on.
 */
public final class AccountStatus {
    private static final Logger LOG = LoggerFactory.getLogger(AccountStatus.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum State { STARTING, UP, DEGRADED }

    public record Entry(String account, String reading, State state, Instant lastPoll, Instant lastSuccess,
                        String lastError, int failures, String credentialWarning) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;

    public AccountStatus(Clock clock) {
        this.clock = clock;
    }

    /** @param reading how the account is read, e.g. {@code poll imap} or {@code poll graph} */
    public void register(String account, String reading) {
        entries.put(account, new Entry(account, reading, State.STARTING, null, null, null, 0, null));
    }

    public void succeeded(String account) {
        Instant now = clock.instant();
        entries.computeIfPresent(account, (k, e) -> {
            if (e.state() == State.DEGRADED) {
                LOG.info("Account {} is read again after {} failed poll(s)", account, e.failures());
            }
            return new Entry(account, e.reading(), State.UP, now, now, e.lastError(), 0, e.credentialWarning());
        });
    }

    public void failed(String account, String reason, String retry) {
        entries.computeIfPresent(account, (k, e) -> {
            if (e.state() != State.DEGRADED || !reason.equals(e.lastError())) {
                LOG.warn("Account {} cannot be read, DEGRADED ({}; other accounts go on): {}", account, retry, reason);
            }
            return new Entry(account, e.reading(), State.DEGRADED, clock.instant(), e.lastSuccess(), reason,
                    e.failures() + 1, e.credentialWarning());
        });
    }

    /** Records (and logs, once a day at most) a credential about to expire; null clears it. */
    public void credentialWarning(String account, String warning) {
        entries.computeIfPresent(account, (k, e) -> {
            if (warning != null && !warning.equals(e.credentialWarning())) {
                LOG.warn("Account {}: {}", account, warning);
            }
            return new Entry(account, e.reading(), e.state(), e.lastPoll(), e.lastSuccess(), e.lastError(),
                    e.failures(), warning);
        });
    }

    /** How the account is read now, e.g. after IDLE started or was lost; logged when it changes. */
    public void reading(String account, String reading) {
        entries.computeIfPresent(account, (k, e) -> {
            if (!reading.equals(e.reading())) {
                LOG.info("Account {} is read by {}", account, reading);
            }
            return new Entry(account, reading, e.state(), e.lastPoll(), e.lastSuccess(), e.lastError(),
                    e.failures(), e.credentialWarning());
        });
    }

    public Entry get(String account) {
        return entries.get(account);
    }

    public List<Entry> all() {
        return entries.values().stream().sorted(java.util.Comparator.comparing(Entry::account)).toList();
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

package dev.mail2case.intake;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Counts the failed tries of a mail, apart from the mail's own transaction (which rolled back). Once an
 * account's limit is reached the mail goes to quarantine with its raw bytes and every reason, and the
 * server may let it go; until then it stays on the server for the next poll.
 */
public class MailFailures {
    private static final Logger LOG = LoggerFactory.getLogger(MailFailures.class);

    private final Database database;
    private final Map<String, AccountSettings> accounts;
    private final Quarantine quarantine;

    public MailFailures(Database database, Map<String, AccountSettings> accounts, Quarantine quarantine) {
        this.database = database;
        this.accounts = accounts;
        this.quarantine = quarantine;
    }

    /**
     * Another replica won the claim on this mail: nothing failed. The mail is left as it is on the server
     * (neither deleted nor moved here), for the replica that recorded it.
     */
    public void lostClaim(Exchange exchange) {
        LOG.info("Mail {} on account {} was recorded by another replica; left to it",
                exchange.getProperty(Pipeline.KEY, String.class), exchange.getProperty(Pipeline.ACCOUNT, String.class));
        exchange.setProperty(Pipeline.DUPLICATE, true);
        exchange.getIn().setHeader("delete", false);
        exchange.getIn().removeHeader("moveTo");
    }

    public void record(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String account = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        String key = exchange.getProperty(Pipeline.KEY, String.class);
        byte[] raw = exchange.getProperty(Pipeline.RAW, byte[].class);
        String reason = describe(cause);
        if (account == null) {
            LOG.warn("Quarantined mail could not be taken for replay: {}", reason);
            return;
        }
        if (databaseAway(cause)) {
            // Not the mail's fault: a flapping database must not quarantine good mail.
            LOG.warn("Mail {} on account {} waits for the database, it stays on the server (not counted as a failed "
                    + "try): {}", key, account, reason);
            return;
        }
        if (cause instanceof MailFetchException fetch && !fetch.thisMail()) {
            LOG.warn("Mail on account {} is left for the next poll: {}", account, reason);
            return;
        }
        if (key == null) {
            LOG.warn("Mail on account {} could not be taken, it stays on the server: {}", account, reason);
            return;
        }
        Long replayOf = exchange.getProperty(Pipeline.REPLAY_OF, Long.class);
        if (replayOf == null && recordedElsewhere(cause, account, key)) {
            // A race that ended on the unique key: not a failed try; the next poll lets the mail go.
            LOG.info("Mail {} on account {} was recorded by another replica; nothing to do", key, account);
            return;
        }
        if (replayOf != null) {
            try {
                quarantine.replayFailed(replayOf, reason);
                exchange.setProperty(Pipeline.QUARANTINED, true);
            } catch (RuntimeException e) {
                LOG.warn("Replay of quarantined mail {} failed and could not be recorded: {}", replayOf, describe(e));
            }
            return;
        }
        AccountSettings settings = accounts.get(account);
        int limit = settings == null ? 3 : settings.maxAttempts();
        try {
            boolean quarantined = database.inTransaction(em -> {
                OffsetDateTime now = OffsetDateTime.now();
                Number attempts = (Number) em.createNativeQuery("""
                        INSERT INTO inbound_failures (account, idempotency_key, attempts, reasons, last_failed_at)
                        VALUES (?1, ?2, 1, ?3, ?4)
                        ON CONFLICT (account, idempotency_key) DO UPDATE
                           SET attempts = inbound_failures.attempts + 1,
                               reasons = inbound_failures.reasons || E'\\n' || EXCLUDED.reasons,
                               last_failed_at = EXCLUDED.last_failed_at
                        RETURNING attempts""")
                        .setParameter(1, account).setParameter(2, key).setParameter(3, now + " " + reason)
                        .setParameter(4, now).getSingleResult();
                if (attempts.intValue() < limit) {
                    LOG.warn("Mail {} on account {} failed (try {} of {}), it stays on the server: {}",
                            key, account, attempts, limit, reason);
                    return false;
                }
                String reasons = (String) em.createNativeQuery(
                                "DELETE FROM inbound_failures WHERE account = ?1 AND idempotency_key = ?2 RETURNING reasons")
                        .setParameter(1, account).setParameter(2, key).getSingleResult();
                em.createNativeQuery("""
                        INSERT INTO quarantine (account, idempotency_key, message_id, subject, reasons, attempts, raw,
                                                quarantined_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)""")
                        .setParameter(1, account).setParameter(2, key)
                        .setParameter(3, key.startsWith("mid:") ? key.substring(4) : null)
                        .setParameter(4, QuarantineSubject.of(raw == null ? new byte[0] : raw))
                        .setParameter(5, reasons).setParameter(6, attempts.intValue())
                        .setParameter(7, raw == null ? new byte[0] : raw).setParameter(8, now).executeUpdate();
                LOG.error("Mail {} on account {} failed {} times and is quarantined: {}", key, account, attempts, reason);
                return true;
            });
            exchange.setProperty(Pipeline.QUARANTINED, quarantined);
            if (quarantined && exchange.getProperty(ServerPlace.MESSAGE) instanceof jakarta.mail.Message unread) {
                ServerPlace.flagQuarantined(unread);
            }
        } catch (RuntimeException e) {
            // The database itself is the fault: the mail stays on the server and is tried again.
            LOG.warn("Mail {} on account {} failed and its failure could not be recorded ({}); it stays on the server: {}",
                    key, account, describe(e), reason);
        }
    }

    /** True when the failure is the database being unreachable (connection refused, lost, shut down). */
    static boolean databaseAway(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.sql.SQLTransientConnectionException || c instanceof java.sql.SQLRecoverableException
                    || c instanceof java.sql.SQLNonTransientConnectionException
                    || c instanceof org.hibernate.exception.JDBCConnectionException) {
                return true;
            }
            if (c instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** The claim was lost, or the mail's record exists by now (a race that ended on the unique key). */
    private boolean recordedElsewhere(Throwable cause, String account, String key) {
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof MailClaim.Lost) {
                return true;
            }
        }
        try {
            return database.inTransaction(em -> !em.createNativeQuery(
                            "SELECT 1 FROM inbound_mail WHERE account = ?1 AND idempotency_key = ?2")
                    .setParameter(1, account).setParameter(2, key).getResultList().isEmpty());
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String describe(Throwable t) {
        if (t == null) {
            return "unknown failure";
        }
        StringBuilder sb = new StringBuilder();
        Throwable c = t;
        for (int depth = 0; c != null && depth < 5; depth++, c = c.getCause()) {
            if (sb.length() > 0) {
                sb.append(" <- ");
            }
            sb.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        // One line per failed try, so the quarantine reads as a list of tries.
        String line = sb.toString().replaceAll("\\s+", " ");
        return line.length() > 2000 ? line.substring(0, 2000) : line;
    }
}

package dev.mail2case.intake;

import dev.mail2case.config.Database;
import dev.mail2case.config.Times;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Mail that failed too often, kept with its raw bytes and every reason. An operator asks for a replay
 * (command or API); the replay route then feeds the raw mail through the pipeline again. A replay that
 * fails again stays in quarantine with the new reason added.
 */
public class Quarantine {
    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);

    /** One row as listed to operators. */
    public record Entry(long id, String account, String messageId, String subject, int attempts,
                        OffsetDateTime quarantinedAt, String reasons, OffsetDateTime replayRequestedAt,
                        String replayRequestedBy, OffsetDateTime replayedAt, String replayResult) {
    }

    /** A mail to replay: which account it came from and its bytes. */
    public record Replay(long id, String account, byte[] raw) {
    }

    private final Database database;

    public Quarantine(Database database) {
        this.database = database;
    }

    @SuppressWarnings("unchecked")
    public List<Entry> list() {
        return database.inTransaction(em -> ((List<Object[]>) em.createNativeQuery("""
                SELECT id, account, message_id, subject, attempts, quarantined_at, reasons, replay_requested_at,
                       replay_requested_by, replayed_at, replay_result
                  FROM quarantine ORDER BY id""").getResultList()).stream()
                .map(r -> new Entry(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        ((Number) r[4]).intValue(), Times.of(r[5]), (String) r[6], Times.of(r[7]), (String) r[8],
                        Times.of(r[9]), (String) r[10]))
                .toList());
    }

    /**
     * Marks a quarantined mail for replay; false when there is no such mail waiting in quarantine, or when
     * the server never gave its bytes (it stays flagged on the server, for a person to look at there).
     */
    public boolean requestReplay(long id, String requestedBy) {
        int n = database.inTransaction(em -> em.createNativeQuery("""
                UPDATE quarantine SET replay_requested_at = now(), replay_requested_by = ?2, replay_result = NULL
                 WHERE id = ?1 AND replayed_at IS NULL AND octet_length(raw) > 0""")
                .setParameter(1, id).setParameter(2, requestedBy).executeUpdate());
        if (n == 1) {
            LOG.info("Replay of quarantined mail {} requested by {}", id, requestedBy);
        }
        return n == 1;
    }

    /** Takes requested replays; once taken a row no longer blocks its mail as already seen. */
    @SuppressWarnings("unchecked")
    public List<Replay> claimReplays(int limit) {
        return database.inTransaction(em -> ((List<Object[]>) em.createNativeQuery("""
                UPDATE quarantine SET replayed_at = now(), replay_result = 'replaying'
                 WHERE id IN (SELECT id FROM quarantine
                               WHERE replay_requested_at IS NOT NULL AND replayed_at IS NULL
                               ORDER BY replay_requested_at LIMIT ?1 FOR UPDATE SKIP LOCKED)
                RETURNING id, account, raw""").setParameter(1, limit).getResultList()).stream()
                .map(r -> new Replay(((Number) r[0]).longValue(), (String) r[1], (byte[]) r[2]))
                .toList());
    }

    /** Puts one claimed replay on the exchange as a mail from its account. */
    public void prepare(Exchange exchange) {
        Replay replay = exchange.getIn().getBody(Replay.class);
        exchange.setProperty(Pipeline.ACCOUNT, replay.account());
        exchange.setProperty(Pipeline.REPLAY_OF, replay.id());
        exchange.getIn().setBody(replay.raw());
    }

    public void replayed(Exchange exchange) {
        long id = exchange.getProperty(Pipeline.REPLAY_OF, Long.class);
        Long caseNumber = exchange.getProperty(Pipeline.CASE_NUMBER, Long.class);
        String result = caseNumber == null ? "done" : "case " + caseNumber;
        // A failure handled on the way has already written its own result.
        database.inTransaction(em -> em.createNativeQuery(
                        "UPDATE quarantine SET replay_result = ?2 WHERE id = ?1 AND replay_result = 'replaying'")
                .setParameter(1, id).setParameter(2, result).executeUpdate());
        LOG.info("Quarantined mail {} replayed: {}", id, result);
    }

    /** A replay failed again: the mail stays in quarantine with the new reason, ready for another request. */
    void replayFailed(long id, String reason) {
        database.inTransaction(em -> em.createNativeQuery("""
                UPDATE quarantine SET replayed_at = NULL, replay_requested_at = NULL,
                       attempts = attempts + 1, reasons = reasons || E'\\n' || ?2, replay_result = 'failed again'
                 WHERE id = ?1""").setParameter(1, id).setParameter(2, OffsetDateTime.now() + " " + reason)
                .executeUpdate());
        LOG.error("Replay of quarantined mail {} failed again: {}", id, reason);
    }

}

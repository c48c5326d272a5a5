package dev.mail2case.notify;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox in PostgreSQL. Writing rows: one row per event key (a second write of the same event is a
 * no-op), with the attachments it carries; rows are plain inserts of their columns, only the id comes
 * back. Reading what the delivery guard and the notices need of it.
 */
public class OutboxRepository {

    /** Inserts the row unless its event key has one; returns the new id, or empty when it was already there. */
    public Optional<Long> insertIfNew(EntityManager em, OutboxMail row) {
        return Jdbc.on(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO outbox (event_key, event, case_id, account, recipient, sender, reply_to, subject, body_text,
                                        body_html, message_id, in_reply_to, references_ids, auto_submitted, status,
                                        next_attempt_at, last_error, created_at, not_sent_reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (event_key) DO NOTHING
                    RETURNING id""")) {
                ps.setString(1, row.eventKey);
                ps.setString(2, row.event);
                if (row.caseId == null) {
                    ps.setNull(3, Types.BIGINT);
                } else {
                    ps.setLong(3, row.caseId);
                }
                ps.setString(4, row.account);
                ps.setString(5, row.recipient);
                ps.setString(6, row.sender);
                ps.setString(7, row.replyTo);
                ps.setString(8, row.subject);
                ps.setString(9, row.bodyText);
                ps.setString(10, row.bodyHtml);
                ps.setString(11, row.messageId);
                ps.setString(12, row.inReplyTo);
                ps.setString(13, row.referencesIds);
                ps.setString(14, row.autoSubmitted);
                ps.setString(15, row.status);
                ps.setObject(16, row.nextAttemptAt);
                ps.setString(17, row.lastError);
                ps.setObject(18, row.createdAt);
                ps.setString(19, row.notSentReason);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
                }
            }
        });
    }

    /** The row an event key already has. */
    public OutboxMail byEventKey(EntityManager em, String eventKey) {
        return em.createQuery("SELECT o FROM OutboxMail o WHERE o.eventKey = :k", OutboxMail.class)
                .setParameter("k", eventKey).getSingleResult();
    }

    /** The case attachments the row sends along, in one batch. */
    public void attach(EntityManager em, long outboxId, List<Long> attachmentIds) {
        if (attachmentIds == null || attachmentIds.isEmpty()) {
            return;
        }
        Jdbc.on(em, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO outbox_attachments (outbox_id, attachment_id) VALUES (?, ?)")) {
                for (Long attachment : attachmentIds) {
                    ps.setLong(1, outboxId);
                    ps.setLong(2, attachment);
                    ps.addBatch();
                }
                ps.executeBatch();
                return null;
            }
        });
    }

    /** A row that failed before any try to send it (its template did not render) has that failure on record. */
    public void failedAttempt(EntityManager em, long outboxId, String error) {
        em.createNativeQuery("INSERT INTO delivery_attempts (outbox_id, attempted_at, outcome, error) "
                + "VALUES (?1, now(), 'FAILED', ?2)").setParameter(1, outboxId).setParameter(2, error).executeUpdate();
    }

    /**
     * What stands between an automatic mail and its recipient: the address block in force (its reason and
     * until when), the case block in force, and for each {@code since} how many automatic mails went to
     * the address after it. Blocks and every count in one statement: this runs for each automatic mail.
     */
    public record Standing(String addressBlock, String caseBlock, List<Long> sentSince) {
    }

    public Standing standing(EntityManager em, String address, Long caseId, OffsetDateTime now,
                             List<OffsetDateTime> since) {
        StringBuilder sql = new StringBuilder("""
                SELECT (SELECT reason || coalesce(' until ' || to_char(until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI')
                                                  || ' UTC', ' until cleared')
                          FROM address_blocks WHERE lower(address) = ? AND cleared_at IS NULL
                           AND (until IS NULL OR until > ?) ORDER BY until DESC NULLS FIRST LIMIT 1),
                       (SELECT reason || ' until ' || to_char(until AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC'
                          FROM case_blocks WHERE case_id = ? AND cleared_at IS NULL AND until > ?
                         ORDER BY until DESC LIMIT 1)""");
        List<Object> parameters = new ArrayList<>(List.of(address, now, caseId == null ? -1L : caseId, now));
        for (OffsetDateTime s : since) {
            sql.append(",\n       (SELECT count(*) FROM outbox WHERE lower(recipient) = ? AND created_at > ?")
                    .append(" AND status NOT IN ('NOT_SENT', 'BLOCKED'))");
            parameters.add(address);
            parameters.add(s);
        }
        return Jdbc.first(em, sql.toString(), rs -> {
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < since.size(); i++) {
                counts.add(rs.getLong(i + 3));
            }
            return new Standing(rs.getString(1), rs.getString(2), counts);
        }, parameters.toArray()).orElseThrow();
    }

    /** The sender of the case's first outbox row: the address of the account the case came in on. */
    public Optional<String> firstSender(EntityManager em, long caseId) {
        return Jdbc.first(em, "SELECT sender FROM outbox WHERE case_id = ? ORDER BY id LIMIT 1",
                rs -> rs.getString(1), caseId);
    }
}

package dev.mail2case.notify;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import java.util.Optional;

/**
 * Writing outbox rows: one row per event key (a second write of the same event is a no-op), with the
 * attachments it carries. Rows are plain inserts of their columns; only the id comes back.
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
}

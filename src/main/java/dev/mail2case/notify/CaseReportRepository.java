package dev.mail2case.notify;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** What the case report reads of a case (its facts, comments, attachments and events, oldest first) and where it is stored. */
public class CaseReportRepository {

    public record Facts(long number, String subject, String status, OffsetDateTime openedAt, OffsetDateTime closedAt,
                        String senderName, String senderAddress, String queue, String clientName,
                        String assigneeName, String assigneeAddress) {
    }

    /** A comment with its author's address and, when the author is a contact, their name. */
    public record Comment(String author, String authorName, OffsetDateTime at, String body, boolean nonParticipant) {
    }

    public record Attachment(String filename, String contentType, long size) {
    }

    public record Event(String event, String detail, String actor, OffsetDateTime at) {
    }

    public Optional<Facts> facts(EntityManager em, long caseId) {
        return Jdbc.first(em, """
                SELECT c.number, c.subject, c.status, c.created_at, c.closed_at, c.sender_name, c.sender_address,
                       c.queue, cl.name, coalesce(a.name, a.email), a.email
                  FROM cases c
                  LEFT JOIN clients cl ON cl.id = c.client_id
                  LEFT JOIN contacts a ON a.id = c.assignee_id
                 WHERE c.id = ?""", rs -> new Facts(rs.getLong(1), rs.getString(2), rs.getString(3),
                Jdbc.time(rs, 4), Jdbc.time(rs, 5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11)), caseId);
    }

    public List<Comment> comments(EntityManager em, long caseId) {
        return Jdbc.list(em, """
                SELECT cc.author, p.name, cc.created_at, cc.body, cc.non_participant
                  FROM case_comments cc
                  LEFT JOIN contacts p ON lower(p.email) = lower(cc.author)
                 WHERE cc.case_id = ? ORDER BY cc.created_at, cc.id""", rs -> new Comment(rs.getString(1),
                rs.getString(2), Jdbc.time(rs, 3), rs.getString(4), rs.getBoolean(5)), caseId);
    }

    public List<Attachment> attachments(EntityManager em, long caseId) {
        return Jdbc.list(em, "SELECT filename, content_type, size FROM attachments WHERE case_id = ? ORDER BY id",
                rs -> new Attachment(rs.getString(1), rs.getString(2), rs.getLong(3)), caseId);
    }

    public List<Event> events(EntityManager em, long caseId) {
        return Jdbc.list(em, "SELECT event, detail, actor, at FROM case_events WHERE case_id = ? ORDER BY at, id",
                rs -> new Event(rs.getString(1), rs.getString(2), rs.getString(3), Jdbc.time(rs, 4)), caseId);
    }

    /** Stores the rendered report as an attachment of the case (of no message); returns its id. */
    public long store(EntityManager em, long caseId, String filename, String contentType, byte[] content,
                      String sha256) {
        return Jdbc.first(em, """
                INSERT INTO attachments (case_id, case_message_id, filename, original_filename, content_type, size,
                                         content_id, inline, sha256, content)
                VALUES (?, NULL, ?, NULL, ?, ?, NULL, FALSE, ?, ?) RETURNING id""", rs -> rs.getLong(1),
                caseId, filename, contentType, (long) content.length, sha256, content).orElseThrow();
    }
}

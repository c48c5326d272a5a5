package dev.mail2case.cases;

import dev.mail2case.config.Jdbc;
import dev.mail2case.mail.MailAttachment;
import jakarta.persistence.EntityManager;

import java.io.ByteArrayInputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The case aggregate in PostgreSQL: the case row, its messages with their comments and attachments,
 * and its event log. Rows written once go as plain inserts of their columns, attachments batched.
 */
public class CaseRepository {

    /** A new case as the mail and the assignment make it. */
    public record NewCase(String account, String subject, String senderAddress, String senderName,
                          boolean unregistered, Long contactId, Long clientId, Long jobId, String component,
                          Long officeId, Long assigneeId, String queue, String assignment, Long linkedCaseId,
                          String unknownReference, OffsetDateTime at) {
    }

    /** The id and the number the database gave a new case. */
    public record Opened(long id, long number) {
    }

    /** A mail on a case and the comment made of it; {@code recipients} its To and Cc, one per line. */
    public record NewMessage(long caseId, Long inboundMailId, String messageId, String fromAddress, String subject,
                             String bodyText, String bodyHtml, boolean nonParticipant, String automatic,
                             String comment, OffsetDateTime at, String recipients) {
        public NewMessage(long caseId, Long inboundMailId, String messageId, String fromAddress, String subject,
                          String bodyText, String bodyHtml, boolean nonParticipant, String automatic,
                          String comment, OffsetDateTime at) {
            this(caseId, inboundMailId, messageId, fromAddress, subject, bodyText, bodyHtml, nonParticipant,
                    automatic, comment, at, null);
        }
    }

    /** What the people around a case are, as a notice about it needs them. */
    public record Head(long id, long number, String subject, String status, Long assigneeId, Long contactId) {
    }

    public Opened insertCase(EntityManager em, NewCase c) {
        return Jdbc.on(em, con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO cases (account, subject, sender_address, sender_name, status, unregistered, contact_id,
                                       client_id, job_id, component, office_id, assignee_id, queue, assignment,
                                       linked_case_id, unknown_reference, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    RETURNING id, number""")) {
                ps.setString(1, c.account());
                ps.setString(2, c.subject());
                ps.setString(3, c.senderAddress());
                ps.setString(4, c.senderName());
                ps.setBoolean(5, c.unregistered());
                setLong(ps, 6, c.contactId());
                setLong(ps, 7, c.clientId());
                setLong(ps, 8, c.jobId());
                ps.setString(9, c.component());
                setLong(ps, 10, c.officeId());
                setLong(ps, 11, c.assigneeId());
                ps.setString(12, c.queue());
                ps.setString(13, c.assignment());
                setLong(ps, 14, c.linkedCaseId());
                ps.setString(15, c.unknownReference());
                ps.setObject(16, c.at());
                ps.setObject(17, c.at());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new Opened(rs.getLong(1), rs.getLong(2));
                }
            }
        });
    }

    /** The To and Cc addresses of a mail, lower case, one per line; null when it names none. */
    public static String recipients(dev.mail2case.mail.InboundMail mail) {
        var all = new java.util.LinkedHashSet<String>();
        for (var list : java.util.List.of(mail.to(), mail.cc())) {
            for (var a : list) {
                if (a != null && a.normalized() != null && !a.normalized().isBlank()) {
                    all.add(a.normalized().toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        return all.isEmpty() ? null : String.join("\n", all);
    }

    /** Writes the message and its comment in one statement; returns the message's id. */
    public long insertMessage(EntityManager em, NewMessage m) {
        return Jdbc.on(em, con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    WITH m AS (
                        INSERT INTO case_messages (case_id, inbound_mail_id, direction, message_id, from_address,
                                                   subject, body_text, body_html, non_participant, automatic, created_at,
                                                   recipients)
                        VALUES (?, ?, 'IN', ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, case_id, from_address, created_at)
                    INSERT INTO case_comments (case_id, case_message_id, author, body, non_participant, created_at)
                    SELECT case_id, id, from_address, ?, ?, created_at FROM m
                    RETURNING case_message_id""")) {
                ps.setLong(1, m.caseId());
                setLong(ps, 2, m.inboundMailId());
                ps.setString(3, m.messageId());
                ps.setString(4, m.fromAddress());
                ps.setString(5, m.subject());
                ps.setString(6, m.bodyText());
                ps.setString(7, m.bodyHtml());
                ps.setBoolean(8, m.nonParticipant());
                ps.setString(9, m.automatic());
                ps.setObject(10, m.at());
                ps.setString(11, m.recipients());
                ps.setString(12, m.comment());
                ps.setBoolean(13, m.nonParticipant());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * Stores the attachments of one message in one batch, their bytes sent as streams; returns their ids in
     * order, for the notices that carry them.
     */
    public List<Long> insertAttachments(EntityManager em, long caseId, long messageId, List<MailAttachment> attachments) {
        if (attachments.isEmpty()) {
            return List.of();
        }
        return Jdbc.on(em, con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO attachments (case_id, case_message_id, filename, original_filename, content_type, size,
                                             content_id, inline, sha256, content)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"})) {
                for (MailAttachment a : attachments) {
                    ps.setLong(1, caseId);
                    ps.setLong(2, messageId);
                    ps.setString(3, a.filename());
                    ps.setString(4, a.originalFilename());
                    ps.setString(5, truncate(a.contentType(), 255));
                    ps.setLong(6, a.size());
                    ps.setString(7, truncate(a.contentId(), 998));
                    ps.setBoolean(8, a.inline());
                    ps.setString(9, a.sha256());
                    ps.setBinaryStream(10, new ByteArrayInputStream(a.content()), a.content().length);
                    ps.addBatch();
                }
                ps.executeBatch();
                List<Long> ids = new ArrayList<>();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    /** A mail joined the case: it is touched, reopened when threading said so, and its people returned. */
    public Head joined(EntityManager em, long caseId, boolean reopen, OffsetDateTime at) {
        return Jdbc.on(em, con -> {
            try (PreparedStatement ps = con.prepareStatement("""
                    UPDATE cases SET updated_at = ?,
                           status = CASE WHEN ? THEN 'OPEN' ELSE status END,
                           closed_at = CASE WHEN ? THEN NULL ELSE closed_at END,
                           follow_up_due_at = CASE WHEN ? THEN NULL ELSE follow_up_due_at END
                     WHERE id = ?
                    RETURNING id, number, subject, status, assignee_id, contact_id""")) {
                ps.setObject(1, at);
                ps.setBoolean(2, reopen);
                ps.setBoolean(3, reopen);
                ps.setBoolean(4, reopen);
                ps.setLong(5, caseId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchElementException("case id " + caseId + " does not exist");
                    }
                    return new Head(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            (Long) rs.getObject(5), (Long) rs.getObject(6));
                }
            }
        });
    }

    /** How many mails the case took since {@code since}: what the flood guard weighs. */
    public long messagesSince(EntityManager em, long caseId, OffsetDateTime since) {
        return ((Number) em.createNativeQuery(
                        "SELECT count(*) FROM case_messages WHERE case_id = ?1 AND created_at > ?2")
                .setParameter(1, caseId).setParameter(2, since).getSingleResult()).longValue();
    }

    /** The case's id, its row locked for the change that follows. */
    public long lock(EntityManager em, long number) {
        List<?> rows = em.createNativeQuery("SELECT id FROM cases WHERE number = ?1 FOR UPDATE")
                .setParameter(1, number).getResultList();
        if (rows.isEmpty()) {
            throw new NoSuchElementException("case " + number + " does not exist");
        }
        return ((Number) rows.get(0)).longValue();
    }

    /** As {@link #lock}, refusing a change to the status the case already has. */
    public long lockForStatus(EntityManager em, long number, String newStatus) {
        List<?> rows = em.createNativeQuery("SELECT id, status FROM cases WHERE number = ?1 FOR UPDATE")
                .setParameter(1, number).getResultList();
        if (rows.isEmpty()) {
            throw new NoSuchElementException("case " + number + " does not exist");
        }
        Object[] r = (Object[]) rows.get(0);
        if (newStatus.equals(r[1])) {
            throw new IllegalStateException("case " + number + " is already " + newStatus);
        }
        return ((Number) r[0]).longValue();
    }

    /** Records the event and returns its id, which also keys the notifications it causes. */
    public long recordEvent(EntityManager em, long caseId, String event, String detail, String actor,
                            OffsetDateTime at) {
        return ((Number) em.createNativeQuery("INSERT INTO case_events (case_id, event, detail, actor, at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id")
                .setParameter(1, caseId).setParameter(2, event).setParameter(3, detail).setParameter(4, actor)
                .setParameter(5, at).getSingleResult()).longValue();
    }

    /** Whether the case already has this event. */
    public boolean hasEvent(EntityManager em, long caseId, String event) {
        return !em.createNativeQuery("SELECT 1 FROM case_events WHERE case_id = ?1 AND event = ?2")
                .setParameter(1, caseId).setParameter(2, event).getResultList().isEmpty();
    }

    /** An open case whose deadline passed, and where its resource escalates to, if anywhere. */
    public record PassedDeadline(long caseId, String escalationResource) {
    }

    public void accepted(EntityManager em, long id, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET status = 'OPEN', updated_at = ?2, closed_at = NULL WHERE id = ?1")
                .setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** A rejected request is closed without follow-up or deadline. */
    public void rejected(EntityManager em, long id, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET status = 'REJECTED', updated_at = ?2, closed_at = ?2, "
                        + "follow_up_due_at = NULL, deadline_at = NULL WHERE id = ?1")
                .setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** A dispatcher named with the forwarding becomes the case's acting dispatcher. */
    public void forwarded(EntityManager em, long id, String resource, Long assignee, Long dispatcher,
                          OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET queue = ?2, assignee_id = ?3, updated_at = ?4, "
                        + "dispatcher_id = coalesce(?5, dispatcher_id) WHERE id = ?1")
                .setParameter(1, id).setParameter(2, resource).setParameter(3, assignee).setParameter(4, at)
                .setParameter(5, dispatcher).executeUpdate();
    }

    public void escalated(EntityManager em, long id, String resource, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET queue = ?2, assignee_id = NULL, updated_at = ?3 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, resource).setParameter(3, at).executeUpdate();
    }

    /** Where the resource holding the case escalates to, when it has such a resource. */
    @SuppressWarnings("unchecked")
    public java.util.Optional<String> escalationResource(EntityManager em, long id) {
        List<String> next = em.createNativeQuery("""
                SELECT r.escalation_resource FROM cases c JOIN resources r ON r.name = c.queue
                 WHERE c.id = ?1 AND r.escalation_resource IS NOT NULL""").setParameter(1, id).getResultList();
        return next.stream().findFirst();
    }

    /** Sets or clears the deadline; a new deadline can pass again. */
    public void deadline(EntityManager em, long id, OffsetDateTime deadline, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET deadline_at = ?2, deadline_passed_at = NULL, updated_at = ?3 "
                + "WHERE id = ?1").setParameter(1, id).setParameter(2, deadline).setParameter(3, at).executeUpdate();
    }

    /** Open cases whose deadline passed and was not yet handled, locked; others' locked rows are skipped. */
    @SuppressWarnings("unchecked")
    public List<PassedDeadline> passedDeadlines(EntityManager em, OffsetDateTime now) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.id, r.escalation_resource FROM cases c LEFT JOIN resources r ON r.name = c.queue
                 WHERE c.status NOT IN ('CLOSED', 'REJECTED') AND c.deadline_passed_at IS NULL
                   AND c.deadline_at <= ?1
                 ORDER BY c.deadline_at LIMIT 200 FOR UPDATE OF c SKIP LOCKED""")
                .setParameter(1, now).getResultList();
        return rows.stream().map(r -> new PassedDeadline(((Number) r[0]).longValue(), (String) r[1])).toList();
    }

    public void deadlinePassed(EntityManager em, long id, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET deadline_passed_at = ?2 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** Closes the case; the follow-up falls due after the days of the client's region, when it has them. */
    public void closed(EntityManager em, long id, OffsetDateTime at) {
        em.createNativeQuery("""
                UPDATE cases c SET status = 'CLOSED', closed_at = ?2, updated_at = ?2, follow_up_done_at = NULL,
                       follow_up_due_at = (SELECT CAST(?2 AS timestamptz) + r.follow_up_days * interval '1 day'
                                             FROM clients cl JOIN regions r ON r.name = cl.region
                                            WHERE cl.id = c.client_id AND r.follow_up_days IS NOT NULL)
                 WHERE c.id = ?1""").setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** Any status but closed: the case counts as open again, without follow-up. */
    public void status(EntityManager em, long id, String status, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET status = ?2, updated_at = ?3, closed_at = NULL, "
                        + "follow_up_due_at = NULL WHERE id = ?1")
                .setParameter(1, id).setParameter(2, status).setParameter(3, at).executeUpdate();
    }

    /** Whether the region of the case's client notifies its client on this status. */
    public boolean regionNotifiesOn(EntityManager em, long id, String status) {
        return !em.createNativeQuery("""
                SELECT 1 FROM cases c JOIN clients cl ON cl.id = c.client_id JOIN regions r ON r.name = cl.region
                 WHERE c.id = ?1 AND ?2 = ANY (string_to_array(upper(replace(coalesce(r.notify_statuses, ''),
                                                                              ' ', '')), ','))""")
                .setParameter(1, id).setParameter(2, status).getResultList().isEmpty();
    }

    /** Closed cases whose follow-up is due and not yet sent, locked; others' locked rows are skipped. */
    @SuppressWarnings("unchecked")
    public List<Long> dueFollowUps(EntityManager em, OffsetDateTime now) {
        List<Number> rows = em.createNativeQuery("""
                SELECT id FROM cases WHERE status = 'CLOSED' AND follow_up_done_at IS NULL
                   AND follow_up_due_at <= ?1 ORDER BY follow_up_due_at LIMIT 200 FOR UPDATE SKIP LOCKED""")
                .setParameter(1, now).getResultList();
        return rows.stream().map(Number::longValue).toList();
    }

    public void followUpDone(EntityManager em, long id, OffsetDateTime at) {
        em.createNativeQuery("UPDATE cases SET follow_up_done_at = ?2 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, at).executeUpdate();
    }

    /** The resource's name as configured, whatever case the operator typed it in. */
    public String resource(EntityManager em, String name) {
        List<?> rows = em.createNativeQuery("SELECT name FROM resources WHERE lower(name) = lower(?1)")
                .setParameter(1, name == null ? "" : name.strip()).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("there is no resource named '" + name + "'");
        }
        return (String) rows.get(0);
    }

    /** The employee with this address, for the {@code role} an operator named them in. */
    public Long employee(EntityManager em, String address, String role) {
        List<?> rows = em.createNativeQuery(
                        "SELECT id FROM contacts WHERE lower(email) = lower(?1) AND kind = 'EMPLOYEE'")
                .setParameter(1, address.strip()).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the " + role + " " + address + " is no employee");
        }
        return ((Number) rows.get(0)).longValue();
    }

    private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

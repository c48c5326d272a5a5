package dev.mail2case.ops;

import dev.mail2case.config.Database;
import dev.mail2case.config.Times;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** One case with everything recorded about it, and the mails and attachments it holds as they were kept. */
final class CaseFileQueries {
    private final Database database;
    private final DeliveryQueries deliveries;

    CaseFileQueries(Database database, DeliveryQueries deliveries) {
        this.database = database;
        this.deliveries = deliveries;
    }

    /** GET /api/cases/N: the case with its comments in order, mails, attachments, events and deliveries. */
    Map<String, Object> caseFile(long number) {
        Map<String, Object> out = new LinkedHashMap<>();
        long id = head(number, out);
        out.put("comments", comments(id));
        out.put("messages", messages(number, id));
        out.put("attachments", attachments(number, id));
        out.put("events", events(id));
        out.put("deliveries", deliveries.ofCase(number));
        return out;
    }

    /** The case's own fields into {@code out}; returns its id. */
    @SuppressWarnings("unchecked")
    private long head(long number, Map<String, Object> out) {
        List<Object[]> found = database.inTransaction(em -> em.createNativeQuery("""
                SELECT c.id, c.number, c.subject, c.status, c.queue, c.account, c.sender_address, c.sender_name,
                       c.unregistered, c.client_id, cl.name, c.contact_id, ct.name, ct.email, c.assignee_id, a.name,
                       a.email, c.dispatcher_id, d.name, d.email, c.assignment, c.created_at, c.updated_at, c.closed_at,
                       c.deadline_at, c.deadline_passed_at, c.follow_up_due_at, lc.number, c.unknown_reference,
                       c.component, j.number
                  FROM cases c LEFT JOIN clients cl ON cl.id = c.client_id LEFT JOIN contacts ct ON ct.id = c.contact_id
                  LEFT JOIN contacts a ON a.id = c.assignee_id LEFT JOIN contacts d ON d.id = c.dispatcher_id
                  LEFT JOIN cases lc ON lc.id = c.linked_case_id LEFT JOIN jobs j ON j.id = c.job_id
                 WHERE c.number = ?1""").setParameter(1, number).getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " does not exist");
        }
        Object[] c = found.get(0);
        out.put("number", c[1]);
        out.put("subject", c[2]);
        out.put("status", c[3]);
        out.put("queue", c[4]);
        out.put("account", c[5]);
        out.put("senderAddress", c[6]);
        out.put("senderName", c[7]);
        out.put("unregistered", c[8]);
        out.put("client", c[9] == null ? null : Rows.ref(c[9], c[10]));
        out.put("contact", c[11] == null ? null : Rows.person(c[11], c[12], c[13]));
        out.put("assignee", c[14] == null ? null : Rows.person(c[14], c[15], c[16]));
        out.put("dispatcher", c[17] == null ? null : Rows.person(c[17], c[18], c[19]));
        out.put("assignment", c[20]);
        out.put("createdAt", Times.of(c[21]));
        out.put("updatedAt", Times.of(c[22]));
        out.put("closedAt", Times.of(c[23]));
        out.put("deadlineAt", Times.of(c[24]));
        out.put("deadlinePassedAt", Times.of(c[25]));
        out.put("followUpDueAt", Times.of(c[26]));
        out.put("linkedCase", c[27]);
        out.put("unknownReference", c[28]);
        out.put("component", c[29]);
        out.put("job", c[30]);
        return ((Number) c[0]).longValue();
    }

    private List<Map<String, Object>> comments(long id) {
        return Rows.of(database, em -> em.createNativeQuery("""
                SELECT cc.id, cc.author, cc.created_at, cc.body, m.body_text, cc.non_participant, cc.case_message_id,
                       m.direction
                  FROM case_comments cc LEFT JOIN case_messages m ON m.id = cc.case_message_id
                 WHERE cc.case_id = ?1 ORDER BY cc.created_at, cc.id""").setParameter(1, id).getResultList(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("author", r[1]);
            m.put("at", Times.of(r[2]));
            m.put("text", r[3]);
            m.put("fullText", r[4] == null ? r[3] : r[4]);
            m.put("nonParticipant", r[5]);
            m.put("message", r[6]);
            m.put("direction", r[7]);
            return m;
        });
    }

    private List<Map<String, Object>> messages(long number, long id) {
        return Rows.of(database, em -> em.createNativeQuery("""
                SELECT m.id, m.direction, m.from_address, m.subject, m.created_at, m.message_id, m.automatic,
                       m.non_participant, m.inbound_mail_id, m.body_html IS NOT NULL
                  FROM case_messages m WHERE m.case_id = ?1 ORDER BY m.created_at, m.id""")
                .setParameter(1, id).getResultList(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("direction", r[1]);
            m.put("from", r[2]);
            m.put("subject", r[3]);
            m.put("at", Times.of(r[4]));
            m.put("messageId", r[5]);
            m.put("automatic", r[6]);
            m.put("nonParticipant", r[7]);
            m.put("rawMail", r[8] == null ? null : "/api/cases/" + number + "/mails/" + r[8] + "/raw");
            m.put("html", Boolean.TRUE.equals(r[9]) ? "/api/cases/" + number + "/messages/" + r[0] + "/html" : null);
            return m;
        });
    }

    private List<Map<String, Object>> attachments(long number, long id) {
        return Rows.of(database, em -> em.createNativeQuery("""
                SELECT id, filename, original_filename, content_type, size, inline, case_message_id, sha256
                  FROM attachments WHERE case_id = ?1 ORDER BY id""").setParameter(1, id).getResultList(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("filename", r[1]);
            m.put("originalFilename", r[2]);
            m.put("contentType", r[3]);
            m.put("size", r[4]);
            m.put("inline", r[5]);
            m.put("message", r[6]);
            m.put("sha256", r[7]);
            m.put("download", "/api/cases/" + number + "/attachments/" + r[0]);
            return m;
        });
    }

    private List<Map<String, Object>> events(long id) {
        return Rows.of(database, em -> em.createNativeQuery(
                "SELECT event, detail, actor, at FROM case_events WHERE case_id = ?1 ORDER BY at, id")
                .setParameter(1, id).getResultList(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", r[0]);
            m.put("detail", r[1]);
            m.put("actor", r[2]);
            m.put("at", Times.of(r[3]));
            return m;
        });
    }

    /** An attachment of the case: name, type and bytes; 404 when the case has no such attachment. */
    Object[] attachment(long number, long attachmentId) {
        List<?> found = database.inTransaction(em -> em.createNativeQuery("""
                SELECT a.filename, a.content_type, a.content FROM attachments a JOIN cases c ON c.id = a.case_id
                 WHERE c.number = ?1 AND a.id = ?2""").setParameter(1, number).setParameter(2, attachmentId)
                .getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " has no attachment " + attachmentId);
        }
        return (Object[]) found.get(0);
    }

    /** The raw bytes of a mail of the case as it arrived; 404 when that mail is not the case's. */
    byte[] rawMail(long number, long mailId) {
        List<?> found = database.inTransaction(em -> em.createNativeQuery("""
                SELECT i.raw FROM inbound_mail i WHERE i.id = ?2 AND EXISTS (SELECT 1 FROM case_messages m
                  JOIN cases c ON c.id = m.case_id WHERE c.number = ?1 AND m.inbound_mail_id = i.id)""")
                .setParameter(1, number).setParameter(2, mailId).getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " has no mail " + mailId);
        }
        return (byte[]) found.get(0);
    }

    /** The sanitised HTML of a mail of the case, or 404. */
    String messageHtml(long number, long messageId) {
        List<?> found = database.inTransaction(em -> em.createNativeQuery("""
                SELECT m.body_html FROM case_messages m JOIN cases c ON c.id = m.case_id
                 WHERE c.number = ?1 AND m.id = ?2 AND m.body_html IS NOT NULL""")
                .setParameter(1, number).setParameter(2, messageId).getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " has no HTML mail " + messageId);
        }
        return (String) found.get(0);
    }
}

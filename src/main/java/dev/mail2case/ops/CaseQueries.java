package dev.mail2case.ops;

import dev.mail2case.config.Database;
import dev.mail2case.config.Times;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * The read side of the operators' API: cases with their filters and counts, one case with everything
 * recorded about it, contacts, clients and the delivery log of all cases. Every filter value is checked
 * and a bad one is refused naming the parameter, so a typo never reads as "no cases".
 */
public class CaseQueries {
    /** The statuses a case can be given; CLOSED and REJECTED end it. */
    public static final List<String> STATUSES =
            List.of("OPEN", "IN_PROGRESS", "WAITING", "ON_HOLD", "RESOLVED", "CLOSED", "REJECTED");
    /** What an outbox row can be. */
    public static final List<String> DELIVERY_STATUSES =
            List.of("PENDING", "SENDING", "SENT", "FAILED", "NOT_SENT", "BLOCKED");

    private static final Set<String> CASE_FILTERS = Set.of("status", "queue", "unassigned", "unregistered", "account",
            "client", "assignee", "createdFrom", "createdTo", "q", "page", "size", "sort");
    private static final Map<String, String> CASE_SORTS = Map.of("number", "c.number", "created", "c.created_at",
            "updated", "c.updated_at", "subject", "lower(c.subject)", "status", "c.status", "deadline", "c.deadline_at");

    private final Database database;
    private final Set<String> accounts;

    public CaseQueries(Database database, Set<String> accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    /** A status as operators type it ("in-progress", "waiting") in its stored form, or 400 naming the field. */
    public static String status(String field, String given) {
        String s = given == null ? "" : given.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (!STATUSES.contains(s)) {
            throw new IllegalArgumentException(field + ": '" + given + "' is not a status; the statuses are "
                    + String.join(", ", STATUSES));
        }
        return s;
    }

    /** The query string of a request as name to value; a name given twice is refused. */
    public static Map<String, String> parameters(String query, Set<String> allowed) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isBlank()) {
            return out;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(name + ": not a parameter here; known are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (out.put(name, value) != null) {
                throw new IllegalArgumentException(name + ": given more than once");
            }
        }
        return out;
    }

    /** GET /api/cases: one page of the cases the filters select, and how many there are of each kind. */
    public Map<String, Object> cases(String query) {
        Map<String, String> p = parameters(query, CASE_FILTERS);
        Where where = new Where();
        if (p.containsKey("status")) {
            List<String> wanted = new ArrayList<>();
            for (String s : p.get("status").split(",")) {
                wanted.add(status("status", s));
            }
            where.add("c.status IN (" + where.params(wanted) + ")");
        }
        if (p.containsKey("queue")) {
            where.add("lower(c.queue) = lower(" + where.param(nonBlank(p, "queue")) + ")");
        }
        if (p.containsKey("unassigned")) {
            where.add(bool(p, "unassigned") ? "c.assignee_id IS NULL" : "c.assignee_id IS NOT NULL");
        }
        if (p.containsKey("unregistered")) {
            where.add(bool(p, "unregistered") ? "c.unregistered" : "NOT c.unregistered");
        }
        if (p.containsKey("account")) {
            String account = p.get("account");
            if (!accounts.contains(account)) {
                throw new IllegalArgumentException("account: '" + account + "' is not a configured account; they are "
                        + String.join(", ", accounts));
            }
            where.add("c.account = " + where.param(account));
        }
        if (p.containsKey("client")) {
            where.add("c.client_id = " + where.param(number(p, "client")));
        }
        if (p.containsKey("assignee")) {
            String a = nonBlank(p, "assignee");
            if (a.equalsIgnoreCase("none")) {
                where.add("c.assignee_id IS NULL");
            } else if (a.contains("@")) {
                where.add("c.assignee_id IN (SELECT id FROM contacts WHERE lower(email) = lower(" + where.param(a) + "))");
            } else {
                where.add("c.assignee_id = " + where.param(number(p, "assignee")));
            }
        }
        if (p.containsKey("createdFrom")) {
            where.add("c.created_at >= " + where.param(time(p, "createdFrom", false)));
        }
        if (p.containsKey("createdTo")) {
            where.add("c.created_at < " + where.param(time(p, "createdTo", true)));
        }
        if (p.containsKey("q")) {
            String like = "%" + nonBlank(p, "q").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            String l = where.param(like);
            where.add("(c.subject ILIKE " + l + " OR c.sender_address ILIKE " + l + " OR c.sender_name ILIKE " + l
                    + " OR EXISTS (SELECT 1 FROM case_comments cc WHERE cc.case_id = c.id AND cc.body ILIKE " + l + ")"
                    + " OR EXISTS (SELECT 1 FROM case_messages cm WHERE cm.case_id = c.id AND (cm.body_text ILIKE " + l
                    + " OR cm.from_address ILIKE " + l + ")))");
        }
        int page = range(p, "page", 1, 1, 1_000_000);
        int size = range(p, "size", 50, 1, 200);
        String sort = p.getOrDefault("sort", "-number");
        boolean desc = sort.startsWith("-");
        String column = CASE_SORTS.get(desc ? sort.substring(1) : sort);
        if (column == null) {
            throw new IllegalArgumentException("sort: '" + sort + "' is not a sort; use one of "
                    + String.join(", ", CASE_SORTS.keySet().stream().sorted().toList()) + ", with - for descending");
        }
        String from = " FROM cases c LEFT JOIN clients cl ON cl.id = c.client_id "
                + "LEFT JOIN contacts a ON a.id = c.assignee_id" + where.sql();
        List<Object[]> rows = database.inTransaction(em -> where.bind(em.createNativeQuery("""
                SELECT c.number, c.subject, c.status, c.queue, c.account, c.sender_address, c.sender_name, c.unregistered,
                       c.client_id, cl.name, c.assignee_id, a.name, a.email, c.created_at, c.updated_at, c.deadline_at,
                       (SELECT count(*) FROM attachments t WHERE t.case_id = c.id)""" + from
                + " ORDER BY " + column + (desc ? " DESC NULLS LAST" : " ASC NULLS LAST") + ", c.number"
                + (desc ? " DESC" : "") + " LIMIT " + size + " OFFSET " + ((long) (page - 1) * size)))
                .getResultList());
        Object[] counts = database.inTransaction(em -> (Object[]) where.bind(em.createNativeQuery(
                "SELECT count(*), count(*) FILTER (WHERE c.assignee_id IS NULL), count(*) FILTER (WHERE c.unregistered)"
                        + from)).getSingleResult());
        List<Object[]> byStatus = database.inTransaction(em -> where.bind(em.createNativeQuery(
                "SELECT c.status, count(*)" + from + " GROUP BY c.status ORDER BY c.status")).getResultList());
        Map<String, Object> statusCounts = new LinkedHashMap<>();
        byStatus.forEach(r -> statusCounts.put((String) r[0], ((Number) r[1]).longValue()));
        Map<String, Object> countMap = new LinkedHashMap<>();
        countMap.put("matching", ((Number) counts[0]).longValue());
        countMap.put("unassigned", ((Number) counts[1]).longValue());
        countMap.put("unregistered", ((Number) counts[2]).longValue());
        countMap.put("byStatus", statusCounts);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", page);
        out.put("size", size);
        out.put("sort", sort);
        out.put("total", ((Number) counts[0]).longValue());
        out.put("counts", countMap);
        out.put("cases", rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", r[0]);
            m.put("subject", r[1]);
            m.put("status", r[2]);
            m.put("queue", r[3]);
            m.put("account", r[4]);
            m.put("senderAddress", r[5]);
            m.put("senderName", r[6]);
            m.put("unregistered", r[7]);
            m.put("client", r[8] == null ? null : ref(r[8], r[9]));
            m.put("assignee", r[10] == null ? null : person(r[10], r[11], r[12]));
            m.put("createdAt", Times.of(r[13]));
            m.put("updatedAt", Times.of(r[14]));
            m.put("deadlineAt", Times.of(r[15]));
            m.put("attachments", r[16]);
            return m;
        }).toList());
        return out;
    }

    /** GET /api/cases/N: the case with its comments in order, mails, attachments, events and deliveries. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> caseFile(long number) {
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
        long id = ((Number) c[0]).longValue();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("number", c[1]);
        out.put("subject", c[2]);
        out.put("status", c[3]);
        out.put("queue", c[4]);
        out.put("account", c[5]);
        out.put("senderAddress", c[6]);
        out.put("senderName", c[7]);
        out.put("unregistered", c[8]);
        out.put("client", c[9] == null ? null : ref(c[9], c[10]));
        out.put("contact", c[11] == null ? null : person(c[11], c[12], c[13]));
        out.put("assignee", c[14] == null ? null : person(c[14], c[15], c[16]));
        out.put("dispatcher", c[17] == null ? null : person(c[17], c[18], c[19]));
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

        out.put("comments", rows(em -> em.createNativeQuery("""
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
        }));
        out.put("messages", rows(em -> em.createNativeQuery("""
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
        }));
        out.put("attachments", rows(em -> em.createNativeQuery("""
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
        }));
        out.put("events", rows(em -> em.createNativeQuery(
                "SELECT event, detail, actor, at FROM case_events WHERE case_id = ?1 ORDER BY at, id")
                .setParameter(1, id).getResultList(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("event", r[0]);
            m.put("detail", r[1]);
            m.put("actor", r[2]);
            m.put("at", Times.of(r[3]));
            return m;
        }));
        out.put("deliveries", deliveries(number));
        return out;
    }

    /** The delivery log of one case: every outbox row with every attempt, bounce and report; 404 for no case. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> deliveries(long number) {
        List<?> found = database.inTransaction(em -> em.createNativeQuery("SELECT id FROM cases WHERE number = ?1")
                .setParameter(1, number).getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " does not exist");
        }
        long caseId = ((Number) found.get(0)).longValue();
        return deliveryRows(" WHERE o.case_id = ?1", List.of(caseId), " ORDER BY o.id", true);
    }

    private static final Set<String> DELIVERY_FILTERS = Set.of("status", "event", "q", "page", "size");

    /** GET /api/deliveries: the outbox of every case, newest first, with counts per status and per stop reason. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> allDeliveries(String query) {
        Map<String, String> p = parameters(query, DELIVERY_FILTERS);
        Where where = new Where();
        if (p.containsKey("status")) {
            List<String> wanted = new ArrayList<>();
            for (String s : p.get("status").split(",")) {
                String st = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                if (!DELIVERY_STATUSES.contains(st)) {
                    throw new IllegalArgumentException("status: '" + s + "' is not a delivery status; they are "
                            + String.join(", ", DELIVERY_STATUSES));
                }
                wanted.add(st);
            }
            where.add("o.status IN (" + where.params(wanted) + ")");
        }
        if (p.containsKey("event")) {
            where.add("o.event = " + where.param(nonBlank(p, "event")));
        }
        if (p.containsKey("q")) {
            String like = "%" + nonBlank(p, "q").replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            String l = where.param(like);
            where.add("(o.recipient ILIKE " + l + " OR o.subject ILIKE " + l + " OR o.not_sent_reason ILIKE " + l
                    + " OR o.last_error ILIKE " + l + ")");
        }
        int page = range(p, "page", 1, 1, 1_000_000);
        int size = range(p, "size", 50, 1, 200);
        List<Map<String, Object>> rows = deliveryRows(where.sql(), where.values, " ORDER BY o.id DESC LIMIT " + size
                + " OFFSET " + ((long) (page - 1) * size), false);
        long total = database.inTransaction(em -> ((Number) where.bind(em.createNativeQuery(
                "SELECT count(*) FROM outbox o" + where.sql())).getSingleResult()).longValue());
        Map<String, Object> byStatus = new LinkedHashMap<>();
        database.inTransaction(em -> (List<Object[]>) em.createNativeQuery(
                "SELECT status, count(*) FROM outbox GROUP BY status ORDER BY status").getResultList())
                .forEach(r -> byStatus.put((String) r[0], ((Number) r[1]).longValue()));
        List<Map<String, Object>> reasons = new ArrayList<>();
        database.inTransaction(em -> (List<Object[]>) em.createNativeQuery("""
                SELECT status, coalesce(not_sent_reason, last_error), count(*) FROM outbox
                 WHERE status IN ('NOT_SENT', 'BLOCKED', 'FAILED')
                 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2""").getResultList()).forEach(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", r[0]);
            m.put("reason", r[1]);
            m.put("count", ((Number) r[2]).longValue());
            reasons.add(m);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", page);
        out.put("size", size);
        out.put("total", total);
        out.put("byStatus", byStatus);
        out.put("stopReasons", reasons);
        out.put("deliveries", rows);
        return out;
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> deliveryRows(String where, List<Object> values, String tail, boolean withLog) {
        List<Object[]> rows = database.inTransaction(em -> {
            var q = em.createNativeQuery("""
                    SELECT o.id, o.event, o.recipient, o.subject, o.status, o.attempts, o.last_error, o.not_sent_reason,
                           o.message_id, o.created_at, o.sent_at, c.number
                      FROM outbox o LEFT JOIN cases c ON c.id = o.case_id""" + where + tail);
            for (int i = 0; i < values.size(); i++) {
                q.setParameter(i + 1, values.get(i));
            }
            return q.getResultList();
        });
        Map<Long, List<Map<String, Object>>> log = new LinkedHashMap<>();
        if (withLog && !rows.isEmpty()) {
            List<Object[]> attempts = database.inTransaction(em -> {
                var q = em.createNativeQuery("SELECT a.outbox_id, a.attempted_at, a.outcome, a.error "
                        + "FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id" + where + " ORDER BY a.id");
                for (int i = 0; i < values.size(); i++) {
                    q.setParameter(i + 1, values.get(i));
                }
                return q.getResultList();
            });
            for (Object[] a : attempts) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("at", Times.of(a[1]));
                entry.put("outcome", a[2]);
                entry.put("detail", a[3]);
                log.computeIfAbsent(((Number) a[0]).longValue(), k -> new ArrayList<>()).add(entry);
            }
        }
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("case", r[11]);
            m.put("event", r[1]);
            m.put("recipient", r[2]);
            m.put("subject", r[3]);
            m.put("status", r[4]);
            m.put("attempts", r[5]);
            m.put("lastError", r[6]);
            m.put("notSentReason", r[7]);
            m.put("messageId", r[8]);
            m.put("createdAt", Times.of(r[9]));
            m.put("sentAt", Times.of(r[10]));
            if (withLog) {
                m.put("log", log.getOrDefault(((Number) r[0]).longValue(), List.of()));
            }
            return m;
        }).toList();
    }

    /** An attachment of the case: name, type and bytes; 404 when the case has no such attachment. */
    public Object[] attachment(long number, long attachmentId) {
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
    public byte[] rawMail(long number, long mailId) {
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
    public String messageHtml(long number, long messageId) {
        List<?> found = database.inTransaction(em -> em.createNativeQuery("""
                SELECT m.body_html FROM case_messages m JOIN cases c ON c.id = m.case_id
                 WHERE c.number = ?1 AND m.id = ?2 AND m.body_html IS NOT NULL""")
                .setParameter(1, number).setParameter(2, messageId).getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " has no HTML mail " + messageId);
        }
        return (String) found.get(0);
    }

    private static final Set<String> LIST_FILTERS = Set.of("q", "page", "size");

    /** GET /api/contacts: contacts by name or address, read-only. */
    public Map<String, Object> contacts(String query) {
        Map<String, String> p = parameters(query, LIST_FILTERS);
        Where where = new Where();
        if (p.containsKey("q")) {
            String l = where.param("%" + nonBlank(p, "q").replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
            where.add("(ct.email ILIKE " + l + " OR ct.name ILIKE " + l + ")");
        }
        int page = range(p, "page", 1, 1, 1_000_000);
        int size = range(p, "size", 50, 1, 200);
        List<Map<String, Object>> rows = contactRows(where.sql(), where.values,
                " ORDER BY lower(ct.email) LIMIT " + size + " OFFSET " + ((long) (page - 1) * size));
        return Map.of("page", page, "size", size, "contacts", rows);
    }

    public Map<String, Object> contact(long id) {
        List<Map<String, Object>> rows = contactRows(" WHERE ct.id = ?1", List.of(id), "");
        if (rows.isEmpty()) {
            throw new NoSuchElementException("contact " + id + " does not exist");
        }
        return rows.get(0);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> contactRows(String where, List<Object> values, String tail) {
        List<Object[]> rows = database.inTransaction(em -> {
            var q = em.createNativeQuery("""
                    SELECT ct.id, ct.email, ct.name, ct.kind, ct.client_id, cl.name, o.name, ct.dispatcher, ct.language
                      FROM contacts ct LEFT JOIN clients cl ON cl.id = ct.client_id
                      LEFT JOIN offices o ON o.id = ct.office_id""" + where + tail);
            for (int i = 0; i < values.size(); i++) {
                q.setParameter(i + 1, values.get(i));
            }
            return q.getResultList();
        });
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("email", r[1]);
            m.put("name", r[2]);
            m.put("kind", r[3]);
            m.put("client", r[4] == null ? null : ref(r[4], r[5]));
            m.put("office", r[6]);
            m.put("dispatcher", r[7]);
            m.put("language", r[8]);
            return m;
        }).toList();
    }

    /** GET /api/clients: clients by name, read-only. */
    public Map<String, Object> clients(String query) {
        Map<String, String> p = parameters(query, LIST_FILTERS);
        Where where = new Where();
        if (p.containsKey("q")) {
            where.add("cl.name ILIKE " + where.param("%" + nonBlank(p, "q").replace("\\", "\\\\")
                    .replace("%", "\\%").replace("_", "\\_") + "%"));
        }
        int page = range(p, "page", 1, 1, 1_000_000);
        int size = range(p, "size", 50, 1, 200);
        return Map.of("page", page, "size", size, "clients", clientRows(where.sql(), where.values,
                " ORDER BY lower(cl.name) LIMIT " + size + " OFFSET " + ((long) (page - 1) * size)));
    }

    public Map<String, Object> client(long id) {
        List<Map<String, Object>> rows = clientRows(" WHERE cl.id = ?1", List.of(id), "");
        if (rows.isEmpty()) {
            throw new NoSuchElementException("client " + id + " does not exist");
        }
        return rows.get(0);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> clientRows(String where, List<Object> values, String tail) {
        List<Object[]> rows = database.inTransaction(em -> {
            var q = em.createNativeQuery("""
                    SELECT cl.id, cl.name, cl.region, cl.email, cl.notify, cl.email_domains, cl.language,
                           (SELECT count(*) FROM contacts ct WHERE ct.client_id = cl.id),
                           (SELECT count(*) FROM cases c WHERE c.client_id = cl.id)
                      FROM clients cl""" + where + tail);
            for (int i = 0; i < values.size(); i++) {
                q.setParameter(i + 1, values.get(i));
            }
            return q.getResultList();
        });
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("name", r[1]);
            m.put("region", r[2]);
            m.put("email", r[3]);
            m.put("notify", r[4]);
            m.put("emailDomains", r[5]);
            m.put("language", r[6]);
            m.put("contacts", r[7]);
            m.put("cases", r[8]);
            return m;
        }).toList();
    }

    private List<Map<String, Object>> rows(Function<jakarta.persistence.EntityManager, List<?>> query,
                                               Function<Object[], Map<String, Object>> map) {
        return database.inTransaction(query).stream().map(r -> map.apply((Object[]) r)).toList();
    }

    private static Map<String, Object> ref(Object id, Object name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        return m;
    }

    private static Map<String, Object> person(Object id, Object name, Object email) {
        Map<String, Object> m = ref(id, name);
        m.put("email", email);
        return m;
    }

    private static String nonBlank(Map<String, String> p, String name) {
        String v = p.get(name).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(name + ": must not be empty");
        }
        return v;
    }

    private static boolean bool(Map<String, String> p, String name) {
        return switch (p.get(name).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": '" + p.get(name) + "' is neither true nor false");
        };
    }

    private static long number(Map<String, String> p, String name) {
        try {
            return Long.parseLong(p.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + p.get(name) + "' is not a number");
        }
    }

    private static int range(Map<String, String> p, String name, int fallback, int min, int max) {
        if (!p.containsKey(name)) {
            return fallback;
        }
        long v = number(p, name);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " is not between " + min + " and " + max);
        }
        return (int) v;
    }

    /** A date (whole UTC day; an end date includes its day) or an ISO-8601 date and time with offset. */
    private static OffsetDateTime time(Map<String, String> p, String name, boolean end) {
        String v = p.get(name).trim();
        try {
            if (v.length() == 10) {
                LocalDate day = LocalDate.parse(v);
                return (end ? day.plusDays(1) : day).atStartOfDay().atOffset(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": '" + v
                    + "' is neither a date (2026-11-30) nor a date and time with offset (2026-11-30T09:00:00+01:00)");
        }
    }

    /** A WHERE clause built from conditions, with positional parameters. */
    private static final class Where {
        final List<String> conditions = new ArrayList<>();
        final List<Object> values = new ArrayList<>();

        void add(String condition) {
            conditions.add(condition);
        }

        String param(Object value) {
            values.add(value);
            return "?" + values.size();
        }

        String params(List<String> list) {
            return String.join(", ", list.stream().map(this::param).toList());
        }

        String sql() {
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        jakarta.persistence.Query bind(jakarta.persistence.Query q) {
            for (int i = 0; i < values.size(); i++) {
                q.setParameter(i + 1, values.get(i));
            }
            return q;
        }
    }
}

package dev.mail2case.ops;

import dev.mail2case.config.Database;
import dev.mail2case.config.Times;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/** The outbox as a delivery log: of one case with every attempt, or of all cases with counts and stop reasons. */
final class DeliveryQueries {
    /** What an outbox row can be. */
    static final List<String> DELIVERY_STATUSES = List.of("PENDING", "SENDING", "SENT", "FAILED", "NOT_SENT", "BLOCKED");

    private static final Set<String> DELIVERY_FILTERS = Set.of("status", "event", "q", "page", "size");

    private final Database database;

    DeliveryQueries(Database database) {
        this.database = database;
    }

    /** The delivery log of one case: every outbox row with every attempt, bounce and report; 404 for no case. */
    List<Map<String, Object>> ofCase(long number) {
        List<?> found = database.inTransaction(em -> em.createNativeQuery("SELECT id FROM cases WHERE number = ?1")
                .setParameter(1, number).getResultList());
        if (found.isEmpty()) {
            throw new NoSuchElementException("case " + number + " does not exist");
        }
        long caseId = ((Number) found.get(0)).longValue();
        return rows(Filter.where("o.case_id = ?1", caseId), " ORDER BY o.id", true);
    }

    /** GET /api/deliveries: the outbox of every case, newest first, with counts per status and per stop reason. */
    Map<String, Object> all(String query) {
        Filter f = Filter.of(query, DELIVERY_FILTERS);
        if (f.has("status")) {
            List<String> wanted = new ArrayList<>();
            for (String s : f.get("status").split(",")) {
                String st = s.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                if (!DELIVERY_STATUSES.contains(st)) {
                    throw new IllegalArgumentException("status: '" + s + "' is not a delivery status; they are "
                            + String.join(", ", DELIVERY_STATUSES));
                }
                wanted.add(st);
            }
            f.add("o.status IN (" + f.params(wanted) + ")");
        }
        if (f.has("event")) {
            f.add("o.event = " + f.param(f.nonBlank("event")));
        }
        if (f.has("q")) {
            String l = f.like("q");
            f.add("(o.recipient ILIKE " + l + " OR o.subject ILIKE " + l + " OR o.not_sent_reason ILIKE " + l
                    + " OR o.last_error ILIKE " + l + ")");
        }
        Filter.Page page = f.page();
        List<Map<String, Object>> rows = rows(f, " ORDER BY o.id DESC" + page.limit(), false);
        long total = database.inTransaction(em -> ((Number) f.bind(em.createNativeQuery(
                "SELECT count(*) FROM outbox o" + f.sql())).getSingleResult()).longValue());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", page.page());
        out.put("size", page.size());
        out.put("total", total);
        out.put("byStatus", byStatus());
        out.put("stopReasons", stopReasons());
        out.put("deliveries", rows);
        return out;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> byStatus() {
        Map<String, Object> byStatus = new LinkedHashMap<>();
        database.inTransaction(em -> (List<Object[]>) em.createNativeQuery(
                "SELECT status, count(*) FROM outbox GROUP BY status ORDER BY status").getResultList())
                .forEach(r -> byStatus.put((String) r[0], ((Number) r[1]).longValue()));
        return byStatus;
    }

    private List<Map<String, Object>> stopReasons() {
        return Rows.of(database, em -> em.createNativeQuery("""
                SELECT status, coalesce(not_sent_reason, last_error), count(*) FROM outbox
                 WHERE status IN ('NOT_SENT', 'BLOCKED', 'FAILED')
                 GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2""").getResultList(), r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", r[0]);
            m.put("reason", r[1]);
            m.put("count", ((Number) r[2]).longValue());
            return m;
        });
    }

    private List<Map<String, Object>> rows(Filter f, String tail, boolean withLog) {
        Map<Long, List<Map<String, Object>>> log = new LinkedHashMap<>();
        List<Map<String, Object>> rows = Rows.of(database, """
                SELECT o.id, o.event, o.recipient, o.subject, o.status, o.attempts, o.last_error, o.not_sent_reason,
                       o.message_id, o.created_at, o.sent_at, c.number
                  FROM outbox o LEFT JOIN cases c ON c.id = o.case_id""", f, tail, r -> {
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
                m.put("log", log.computeIfAbsent(((Number) r[0]).longValue(), k -> new ArrayList<>()));
            }
            return m;
        });
        if (withLog && !rows.isEmpty()) {
            attempts(f, log);
        }
        return rows;
    }

    /** Each attempt, bounce and report of the rows the filter selects, by outbox row. */
    @SuppressWarnings("unchecked")
    private void attempts(Filter f, Map<Long, List<Map<String, Object>>> log) {
        List<Object[]> attempts = database.inTransaction(em -> f.bind(em.createNativeQuery(
                "SELECT a.outbox_id, a.attempted_at, a.outcome, a.error "
                        + "FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id" + f.sql() + " ORDER BY a.id"))
                .getResultList());
        for (Object[] a : attempts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", Times.of(a[1]));
            entry.put("outcome", a[2]);
            entry.put("detail", a[3]);
            List<Map<String, Object>> rowLog = log.get(((Number) a[0]).longValue());
            if (rowLog != null) {
                rowLog.add(entry);
            }
        }
    }
}

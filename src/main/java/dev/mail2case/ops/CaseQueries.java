package dev.mail2case.ops;

import dev.mail2case.config.Database;
import dev.mail2case.config.Times;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cases as operators list them: their filters, sort and page, and how many there are of each kind.
 * Every filter value is checked and a bad one is refused naming the parameter, so a typo never reads as
 * "no cases".
 */
public class CaseQueries {
    /** The statuses a case can be given; CLOSED and REJECTED end it. */
    public static final List<String> STATUSES =
            List.of("OPEN", "IN_PROGRESS", "WAITING", "ON_HOLD", "RESOLVED", "CLOSED", "REJECTED");

    private static final Set<String> CASE_FILTERS = Set.of("status", "queue", "unassigned", "unregistered", "account",
            "client", "assignee", "createdFrom", "createdTo", "q", "page", "size", "sort");
    private static final Map<String, String> CASE_SORTS = Map.of("number", "c.number", "created", "c.created_at",
            "updated", "c.updated_at", "subject", "lower(c.subject)", "status", "c.status", "deadline", "c.deadline_at");
    private static final String FROM = " FROM cases c LEFT JOIN clients cl ON cl.id = c.client_id "
            + "LEFT JOIN contacts a ON a.id = c.assignee_id";

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

    /** GET /api/cases: one page of the cases the filters select, and how many there are of each kind. */
    public Map<String, Object> cases(String query) {
        Filter f = filter(query);
        Filter.Page page = f.page();
        String sort = f.getOrDefault("sort", "-number");
        boolean desc = sort.startsWith("-");
        String column = CASE_SORTS.get(desc ? sort.substring(1) : sort);
        if (column == null) {
            throw new IllegalArgumentException("sort: '" + sort + "' is not a sort; use one of "
                    + String.join(", ", CASE_SORTS.keySet().stream().sorted().toList()) + ", with - for descending");
        }
        List<Map<String, Object>> rows = Rows.of(database, """
                SELECT c.number, c.subject, c.status, c.queue, c.account, c.sender_address, c.sender_name, c.unregistered,
                       c.client_id, cl.name, c.assignee_id, a.name, a.email, c.created_at, c.updated_at, c.deadline_at,
                       (SELECT count(*) FROM attachments t WHERE t.case_id = c.id)""" + FROM, f,
                " ORDER BY " + column + (desc ? " DESC NULLS LAST" : " ASC NULLS LAST") + ", c.number"
                        + (desc ? " DESC" : "") + page.limit(), CaseQueries::caseRow);
        Map<String, Object> counts = counts(f);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("page", page.page());
        out.put("size", page.size());
        out.put("sort", sort);
        out.put("total", counts.get("matching"));
        out.put("counts", counts);
        out.put("cases", rows);
        return out;
    }

    /** The WHERE clause of the case filters given. */
    private Filter filter(String query) {
        Filter f = Filter.of(query, CASE_FILTERS);
        if (f.has("status")) {
            List<String> wanted = new ArrayList<>();
            for (String s : f.get("status").split(",")) {
                wanted.add(status("status", s));
            }
            f.add("c.status IN (" + f.params(wanted) + ")");
        }
        if (f.has("queue")) {
            f.add("lower(c.queue) = lower(" + f.param(f.nonBlank("queue")) + ")");
        }
        if (f.has("unassigned")) {
            f.add(f.bool("unassigned") ? "c.assignee_id IS NULL" : "c.assignee_id IS NOT NULL");
        }
        if (f.has("unregistered")) {
            f.add(f.bool("unregistered") ? "c.unregistered" : "NOT c.unregistered");
        }
        if (f.has("account")) {
            String account = f.get("account");
            if (!accounts.contains(account)) {
                throw new IllegalArgumentException("account: '" + account + "' is not a configured account; they are "
                        + String.join(", ", accounts));
            }
            f.add("c.account = " + f.param(account));
        }
        if (f.has("client")) {
            f.add("c.client_id = " + f.param(f.number("client")));
        }
        if (f.has("assignee")) {
            assignee(f, f.nonBlank("assignee"));
        }
        if (f.has("createdFrom")) {
            f.add("c.created_at >= " + f.param(f.time("createdFrom", false)));
        }
        if (f.has("createdTo")) {
            f.add("c.created_at < " + f.param(f.time("createdTo", true)));
        }
        if (f.has("q")) {
            String l = f.like("q");
            f.add("(c.subject ILIKE " + l + " OR c.sender_address ILIKE " + l + " OR c.sender_name ILIKE " + l
                    + " OR EXISTS (SELECT 1 FROM case_comments cc WHERE cc.case_id = c.id AND cc.body ILIKE " + l + ")"
                    + " OR EXISTS (SELECT 1 FROM case_messages cm WHERE cm.case_id = c.id AND (cm.body_text ILIKE " + l
                    + " OR cm.from_address ILIKE " + l + ")))");
        }
        return f;
    }

    /** {@code none}, an employee's address or a contact id. */
    private static void assignee(Filter f, String a) {
        if (a.equalsIgnoreCase("none")) {
            f.add("c.assignee_id IS NULL");
        } else if (a.contains("@")) {
            f.add("c.assignee_id IN (SELECT id FROM contacts WHERE lower(email) = lower(" + f.param(a) + "))");
        } else {
            f.add("c.assignee_id = " + f.param(f.number("assignee")));
        }
    }

    /** How many cases match, how many of them are unassigned or unregistered, and how many have each status. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> counts(Filter f) {
        Object[] counts = database.inTransaction(em -> (Object[]) f.bind(em.createNativeQuery(
                "SELECT count(*), count(*) FILTER (WHERE c.assignee_id IS NULL), count(*) FILTER (WHERE c.unregistered)"
                        + FROM + f.sql())).getSingleResult());
        List<Object[]> byStatus = database.inTransaction(em -> f.bind(em.createNativeQuery(
                "SELECT c.status, count(*)" + FROM + f.sql() + " GROUP BY c.status ORDER BY c.status")).getResultList());
        Map<String, Object> statusCounts = new LinkedHashMap<>();
        byStatus.forEach(r -> statusCounts.put((String) r[0], ((Number) r[1]).longValue()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matching", ((Number) counts[0]).longValue());
        out.put("unassigned", ((Number) counts[1]).longValue());
        out.put("unregistered", ((Number) counts[2]).longValue());
        out.put("byStatus", statusCounts);
        return out;
    }

    private static Map<String, Object> caseRow(Object[] r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", r[0]);
        m.put("subject", r[1]);
        m.put("status", r[2]);
        m.put("queue", r[3]);
        m.put("account", r[4]);
        m.put("senderAddress", r[5]);
        m.put("senderName", r[6]);
        m.put("unregistered", r[7]);
        m.put("client", r[8] == null ? null : Rows.ref(r[8], r[9]));
        m.put("assignee", r[10] == null ? null : Rows.person(r[10], r[11], r[12]));
        m.put("createdAt", Times.of(r[13]));
        m.put("updatedAt", Times.of(r[14]));
        m.put("deadlineAt", Times.of(r[15]));
        m.put("attachments", r[16]);
        return m;
    }
}

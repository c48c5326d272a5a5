package dev.mail2case.ops;

import dev.mail2case.config.Database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The clients with how many contacts and cases each has, read-only. */
final class ClientQueries {
    private static final String SELECT = """
            SELECT cl.id, cl.name, cl.region, cl.email, cl.notify, cl.email_domains, cl.language,
                   (SELECT count(*) FROM contacts ct WHERE ct.client_id = cl.id),
                   (SELECT count(*) FROM cases c WHERE c.client_id = cl.id)
              FROM clients cl""";

    private final Database database;

    ClientQueries(Database database) {
        this.database = database;
    }

    /** GET /api/clients: clients by name. */
    Map<String, Object> clients(String query) {
        Filter f = Filter.of(query, Filter.SEARCH);
        if (f.has("q")) {
            f.add("cl.name ILIKE " + f.like("q"));
        }
        Filter.Page page = f.page();
        return Map.of("page", page.page(), "size", page.size(),
                "clients", rows(f, " ORDER BY lower(cl.name)" + page.limit()));
    }

    Map<String, Object> client(long id) {
        return Rows.only(rows(Filter.where("cl.id = ?1", id), ""), "client " + id);
    }

    private List<Map<String, Object>> rows(Filter f, String tail) {
        return Rows.of(database, SELECT, f, tail, r -> {
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
        });
    }
}

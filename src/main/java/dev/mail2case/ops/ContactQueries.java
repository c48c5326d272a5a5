package dev.mail2case.ops;

import dev.mail2case.config.Database;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The contacts as operators look them up, read-only. */
final class ContactQueries {
    private static final String SELECT = """
            SELECT ct.id, ct.email, ct.name, ct.kind, ct.client_id, cl.name, o.name, ct.dispatcher, ct.language
              FROM contacts ct LEFT JOIN clients cl ON cl.id = ct.client_id
              LEFT JOIN offices o ON o.id = ct.office_id""";

    private final Database database;

    ContactQueries(Database database) {
        this.database = database;
    }

    /** GET /api/contacts: contacts by name or address. */
    Map<String, Object> contacts(String query) {
        Filter f = Filter.of(query, Filter.SEARCH);
        if (f.has("q")) {
            String l = f.like("q");
            f.add("(ct.email ILIKE " + l + " OR ct.name ILIKE " + l + ")");
        }
        Filter.Page page = f.page();
        return Map.of("page", page.page(), "size", page.size(),
                "contacts", rows(f, " ORDER BY lower(ct.email)" + page.limit()));
    }

    Map<String, Object> contact(long id) {
        return Rows.only(rows(Filter.where("ct.id = ?1", id), ""), "contact " + id);
    }

    private List<Map<String, Object>> rows(Filter f, String tail) {
        return Rows.of(database, SELECT, f, tail, r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
            m.put("email", r[1]);
            m.put("name", r[2]);
            m.put("kind", r[3]);
            m.put("client", r[4] == null ? null : Rows.ref(r[4], r[5]));
            m.put("office", r[6]);
            m.put("dispatcher", r[7]);
            m.put("language", r[8]);
            return m;
        });
    }
}

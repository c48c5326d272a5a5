package dev.mail2case.ops;

import dev.mail2case.config.Database;
import jakarta.persistence.EntityManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Rows of a native query as the API's JSON objects, and the small objects they nest. */
final class Rows {
    private Rows() {
    }

    static List<Map<String, Object>> of(Database database, Function<EntityManager, List<?>> query,
                                        Function<Object[], Map<String, Object>> map) {
        return database.inTransaction(query).stream().map(r -> map.apply((Object[]) r)).toList();
    }

    /** The rows of {@code select}, filtered, then {@code tail} (order and page). */
    static List<Map<String, Object>> of(Database database, String select, Filter filter, String tail,
                                        Function<Object[], Map<String, Object>> map) {
        return of(database, em -> filter.bind(em.createNativeQuery(select + filter.sql() + tail)).getResultList(), map);
    }

    /** The one row a lookup by id found; an id that matches nothing is the caller's mistake (404). */
    static Map<String, Object> only(List<Map<String, Object>> rows, String what) {
        if (rows.isEmpty()) {
            throw new NoSuchElementException(what + " does not exist");
        }
        return rows.get(0);
    }

    static Map<String, Object> ref(Object id, Object name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("name", name);
        return m;
    }

    static Map<String, Object> person(Object id, Object name, Object email) {
        Map<String, Object> m = ref(id, name);
        m.put("email", email);
        return m;
    }
}

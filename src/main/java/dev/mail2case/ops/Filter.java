package dev.mail2case.ops;

import jakarta.persistence.Query;

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
import java.util.Set;

/**
 * The filters of one read: the request's query parameters, each checked as it is read so a bad one is
 * refused naming it, and the WHERE clause with positional parameters they build.
 */
final class Filter {
    /** The filters of a plain list: a search text and the page. */
    static final Set<String> SEARCH = Set.of("q", "page", "size");

    private final Map<String, String> given;
    private final List<String> conditions = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    private Filter(Map<String, String> given) {
        this.given = given;
    }

    /** The filters of a query string; a parameter not in {@code allowed}, or given twice, is refused. */
    static Filter of(String query, Set<String> allowed) {
        return new Filter(parameters(query, allowed));
    }

    /** A fixed condition, e.g. {@code o.case_id = ?1} with its value. */
    static Filter where(String condition, Object value) {
        Filter f = new Filter(Map.of());
        f.add(condition.replace("?1", f.param(value)));
        return f;
    }

    /** The query string of a request as name to value; a name given twice is refused. */
    static Map<String, String> parameters(String query, Set<String> allowed) {
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

    boolean has(String name) {
        return given.containsKey(name);
    }

    String get(String name) {
        return given.get(name);
    }

    String getOrDefault(String name, String fallback) {
        return given.getOrDefault(name, fallback);
    }

    void add(String condition) {
        conditions.add(condition);
    }

    /** Adds a value and returns its placeholder. */
    String param(Object value) {
        values.add(value);
        return "?" + values.size();
    }

    String params(List<String> list) {
        return String.join(", ", list.stream().map(this::param).toList());
    }

    /** The placeholder of {@code %text%} for ILIKE, the parameter's wildcards taken literally. */
    String like(String name) {
        return param("%" + nonBlank(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
    }

    String sql() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Query bind(Query q) {
        for (int i = 0; i < values.size(); i++) {
            q.setParameter(i + 1, values.get(i));
        }
        return q;
    }

    String nonBlank(String name) {
        String v = given.get(name).trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException(name + ": must not be empty");
        }
        return v;
    }

    boolean bool(String name) {
        return switch (given.get(name).trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException(name + ": '" + given.get(name) + "' is neither true nor false");
        };
    }

    long number(String name) {
        try {
            return Long.parseLong(given.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + given.get(name) + "' is not a number");
        }
    }

    int range(String name, int fallback, int min, int max) {
        if (!given.containsKey(name)) {
            return fallback;
        }
        long v = number(name);
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " is not between " + min + " and " + max);
        }
        return (int) v;
    }

    /** A date (whole UTC day; an end date includes its day) or an ISO-8601 date and time with offset. */
    OffsetDateTime time(String name, boolean end) {
        String v = given.get(name).trim();
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

    /** The page asked for ({@code page}, {@code size}, 50 rows by default, at most 200). */
    Page page() {
        int page = range("page", 1, 1, 1_000_000);
        return new Page(page, range("size", 50, 1, 200));
    }

    record Page(int page, int size) {
        String limit() {
            return " LIMIT " + size + " OFFSET " + ((long) (page - 1) * size);
        }
    }
}

package dev.mail2case.identify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code Authentication-Results} header (RFC 8601), read leniently: comments in parentheses (nested,
 * with escapes), quoted strings, folded lines, a version after the authserv-id, {@code none}, a method
 * version ({@code dkim/1}), and headers written without an authserv-id (Microsoft 365 starts with
 * {@code spf=...}; then {@link #authservId()} is null).
 *
 * @param authservId the server that wrote it, lower case; null when the header names none
 * @param results    each method's result, in order; empty for {@code none} or an unreadable header
 */
public record AuthenticationResults(String authservId, List<Result> results) {

    /**
     * One method's result: {@code method} and {@code result} lower case, {@code reason} when given, and
     * the properties ({@code header.from}, {@code header.d}, {@code smtp.mailfrom}...) with lower-case keys.
     */
    public record Result(String method, String result, String reason, Map<String, String> properties) {
        public String property(String name) {
            return properties.get(name);
        }
    }

    public static AuthenticationResults parse(String value) {
        if (value == null) {
            return new AuthenticationResults(null, List.of());
        }
        List<String> sections = split(withoutComments(value.replaceAll("\\r?\\n", " ")));
        String authservId = null;
        int first = 0;
        if (!sections.isEmpty() && !sections.get(0).contains("=")) {
            // authserv-id [version]
            String[] words = sections.get(0).trim().split("\\s+");
            authservId = words[0].isEmpty() ? null : unquote(words[0]).toLowerCase(Locale.ROOT);
            first = 1;
        }
        List<Result> results = new ArrayList<>();
        for (int i = first; i < sections.size(); i++) {
            Result r = result(sections.get(i));
            if (r != null) {
                results.add(r);
            }
        }
        return new AuthenticationResults(authservId, List.copyOf(results));
    }

    /** All results of one method (spf, dkim, dmarc...). */
    public List<Result> of(String method) {
        return results.stream().filter(r -> r.method().equals(method)).toList();
    }

    private static Result result(String section) {
        List<String[]> pairs = pairs(section);
        if (pairs.isEmpty()) {
            return null; // "none", or nothing readable
        }
        String method = pairs.get(0)[0];
        int slash = method.indexOf('/');
        if (slash > 0) {
            method = method.substring(0, slash);
        }
        String reason = null;
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 1; i < pairs.size(); i++) {
            String key = pairs.get(i)[0];
            if (key.equals("reason")) {
                reason = pairs.get(i)[1];
            } else {
                properties.putIfAbsent(key, pairs.get(i)[1]);
            }
        }
        return new Result(method, pairs.get(0)[1].toLowerCase(Locale.ROOT), reason, Map.copyOf(properties));
    }

    /** {@code key = value} pairs of one section; keys lower case, quoted values unquoted. */
    private static List<String[]> pairs(String section) {
        List<String[]> out = new ArrayList<>();
        int i = 0;
        int n = section.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(section.charAt(i))) i++;
            int keyStart = i;
            while (i < n && section.charAt(i) != '=' && !Character.isWhitespace(section.charAt(i))) i++;
            String key = section.substring(keyStart, i);
            while (i < n && Character.isWhitespace(section.charAt(i))) i++;
            if (i >= n || section.charAt(i) != '=') {
                continue; // a word without a value ("none", stray text): skipped
            }
            i++;
            while (i < n && Character.isWhitespace(section.charAt(i))) i++;
            String value;
            if (i < n && section.charAt(i) == '"') {
                StringBuilder b = new StringBuilder();
                i++;
                while (i < n && section.charAt(i) != '"') {
                    if (section.charAt(i) == '\\' && i + 1 < n) i++;
                    b.append(section.charAt(i++));
                }
                i++;
                value = b.toString();
            } else {
                int valueStart = i;
                while (i < n && !Character.isWhitespace(section.charAt(i))) i++;
                value = section.substring(valueStart, i);
            }
            if (!key.isEmpty()) {
                out.add(new String[]{key.toLowerCase(Locale.ROOT), value});
            }
        }
        return out;
    }

    /** Comments become a space; quoted strings are kept as they are (a ';' or '(' in them is text). */
    static String withoutComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (depth == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (quoted) {
                out.append(c);
                if (c == '"') quoted = false;
            } else if (c == '(') {
                depth++;
                if (depth == 1) out.append(' ');
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
                if (c == '"') quoted = true;
            }
        }
        return out.toString();
    }

    /** Splits on ';' outside quoted strings. */
    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ';' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}

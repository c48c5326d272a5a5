package dev.mail2case.identify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a contact lookup answers, in plain fields a CRM can give: {@code kind} ({@code client-contact},
 * {@code employee}, {@code tenant}, or {@code domain} for an unknown person at a client's mail domain),
 * {@code name}, {@code email}, {@code client} (the client's name), {@code office} (an employee's
 * office), {@code defaultJob} (a job number). No answer, or no kind, is an unknown sender.
 */
public record ContactAnswer(String kind, String name, String email, String client, String office, String defaultJob) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a lookup route's reply: a map, a JSON object as text or bytes, or nothing. */
    public static ContactAnswer from(Object body) {
        if (body == null || body instanceof ContactAnswer) {
            return (ContactAnswer) body;
        }
        JsonNode node;
        try {
            if (body instanceof Map<?, ?> map) {
                node = JSON.valueToTree(map);
            } else if (body instanceof byte[] bytes) {
                node = bytes.length == 0 ? null : JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            } else if (body instanceof CharSequence text) {
                node = text.toString().isBlank() ? null : JSON.readTree(text.toString());
            } else if (body instanceof JsonNode n) {
                node = n;
            } else {
                throw new IllegalArgumentException("The contact lookup answered with a "
                        + body.getClass().getName() + "; it must answer a map or a JSON object");
            }
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("The contact lookup's answer is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject() || text(node, "kind") == null) {
            return null;
        }
        return new ContactAnswer(kind(text(node, "kind")), text(node, "name"), text(node, "email"),
                text(node, "client"), text(node, "office"), text(node, "defaultJob"));
    }

    /** The internal kind: CLIENT_CONTACT, EMPLOYEE, TENANT or DOMAIN. */
    static String kind(String value) {
        String k = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (k) {
            case "client-contact", "client", "contact" -> "CLIENT_CONTACT";
            case "employee" -> "EMPLOYEE";
            case "tenant" -> "TENANT";
            case "domain" -> "DOMAIN";
            default -> throw new IllegalArgumentException("The contact lookup answered kind '" + value
                    + "'; it must be client-contact, employee, tenant or domain");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText().trim();
    }

    /** The answer as the plain map the shipped lookup route replies with. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.toLowerCase(Locale.ROOT).replace('_', '-'));
        m.put("name", name);
        m.put("email", email);
        m.put("client", client);
        m.put("office", office);
        m.put("defaultJob", defaultJob);
        return m;
    }
}

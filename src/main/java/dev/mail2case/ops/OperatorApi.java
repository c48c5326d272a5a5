package dev.mail2case.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mail2case.config.Database;
import dev.mail2case.intake.Quarantine;
import dev.mail2case.notify.Blocks;
import dev.mail2case.notify.Times;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** What the operators' API routes call; every answer is JSON, every action names its operator. */
public class OperatorApi {
    private final Quarantine quarantine;
    private final Blocks blocks;
    private final Database database;
    private final dev.mail2case.cases.CaseEvents caseEvents;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public OperatorApi(Quarantine quarantine, Blocks blocks, Database database,
                       dev.mail2case.cases.CaseEvents caseEvents) {
        this.caseEvents = caseEvents;
        this.quarantine = quarantine;
        this.blocks = blocks;
        this.database = database;
    }

    public String quarantine() {
        return write(Map.of("quarantine", quarantine.list()));
    }

    public String replay(Exchange exchange) {
        long id = id(exchange);
        if (!quarantine.requestReplay(id, operator(exchange))) {
            throw new NoSuchElementException("quarantined mail " + id + " is not waiting in quarantine");
        }
        return write(Map.of("id", id, "replay", "requested"));
    }

    public String blocks() {
        return write(Map.of("blocks", blocks.active()));
    }

    public String clearBlock(Exchange exchange) {
        String kind = exchange.getIn().getHeader("kind", String.class);
        long id = id(exchange);
        if (!blocks.clear(kind, id, operator(exchange))) {
            throw new NoSuchElementException(kind + " block " + id + " is not in force");
        }
        return write(Map.of("kind", kind, "id", id, "cleared", true));
    }

    /** The delivery log of one case: every outbox row with its status, last error and every attempt, bounce and report. */
    @SuppressWarnings("unchecked")
    public String deliveries(Exchange exchange) {
        long number = id(exchange);
        List<Object[]> rows = database.inTransaction(em -> em.createNativeQuery("""
                SELECT o.id, o.event, o.recipient, o.subject, o.status, o.attempts, o.last_error, o.not_sent_reason,
                       o.message_id, o.created_at, o.sent_at
                  FROM outbox o JOIN cases c ON c.id = o.case_id WHERE c.number = ?1 ORDER BY o.id""")
                .setParameter(1, number).getResultList());
        List<Object[]> attempts = database.inTransaction(em -> em.createNativeQuery("""
                SELECT a.outbox_id, a.attempted_at, a.outcome, a.error
                  FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id JOIN cases c ON c.id = o.case_id
                 WHERE c.number = ?1 ORDER BY a.id""").setParameter(1, number).getResultList());
        Map<Object, List<Map<String, Object>>> log = new LinkedHashMap<>();
        for (Object[] a : attempts) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("at", Times.of(a[1]));
            entry.put("outcome", a[2]);
            entry.put("detail", a[3]);
            log.computeIfAbsent(((Number) a[0]).longValue(), k -> new java.util.ArrayList<>()).add(entry);
        }
        List<Map<String, Object>> out = rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r[0]);
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
            m.put("log", log.getOrDefault(((Number) r[0]).longValue(), List.of()));
            return m;
        }).toList();
        return write(Map.of("case", number, "deliveries", out));
    }

    /** Sends an outbox row again, whatever became of it; the request is logged as an attempt. */
    public String resend(Exchange exchange) {
        long id = id(exchange);
        String operator = operator(exchange);
        int n = database.inTransaction(em -> {
            int updated = em.createNativeQuery("UPDATE outbox SET status = 'PENDING', next_attempt_at = now(), "
                    + "not_sent_reason = NULL WHERE id = ?1").setParameter(1, id).executeUpdate();
            if (updated == 1) {
                em.createNativeQuery("INSERT INTO delivery_attempts (outbox_id, attempted_at, outcome, error) "
                        + "VALUES (?1, now(), 'RESEND_REQUESTED', ?2)").setParameter(1, id)
                        .setParameter(2, "by " + operator).executeUpdate();
            }
            return updated;
        });
        if (n == 0) {
            throw new NoSuchElementException("outbox mail " + id + " does not exist");
        }
        return write(Map.of("id", id, "resend", "requested"));
    }

    public String close(Exchange exchange) {
        long number = id(exchange);
        caseEvents.close(number, operator(exchange));
        return write(Map.of("case", number, "status", "CLOSED"));
    }

    /** Body: {"status": "WAITING"}. */
    public String status(Exchange exchange) {
        long number = id(exchange);
        String status;
        try {
            status = json.readTree(exchange.getIn().getBody(String.class)).path("status").asText(null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the body must be JSON like {\"status\": \"WAITING\"}");
        }
        caseEvents.changeStatus(number, status, operator(exchange));
        return write(Map.of("case", number, "status", status.trim().toUpperCase(java.util.Locale.ROOT)));
    }

    public String accept(Exchange exchange) {
        long number = id(exchange);
        caseEvents.accept(number, operator(exchange));
        return write(Map.of("case", number, "accepted", true));
    }

    /** Body: {"reason": "…"}. */
    public String reject(Exchange exchange) {
        long number = id(exchange);
        String reason = body(exchange, "{\"reason\": \"outside our contract\"}").path("reason").asText(null);
        caseEvents.reject(number, reason, operator(exchange));
        return write(Map.of("case", number, "status", "REJECTED"));
    }

    /** Body: {"resource": "Facilities", "assignee": "…" (optional), "dispatcher": "…" (optional)}. */
    public String forward(Exchange exchange) {
        long number = id(exchange);
        com.fasterxml.jackson.databind.JsonNode b = body(exchange, "{\"resource\": \"Facilities\"}");
        String resource = b.path("resource").asText(null);
        if (resource == null || resource.isBlank()) {
            throw new IllegalArgumentException("name the resource: {\"resource\": \"Facilities\"}");
        }
        caseEvents.forward(number, resource, b.path("assignee").asText(null), b.path("dispatcher").asText(null),
                operator(exchange));
        return write(Map.of("case", number, "resource", resource));
    }

    /** Body (optional): {"resource": "…", "reason": "…"}; without a resource, the escalation resource. */
    public String escalate(Exchange exchange) {
        long number = id(exchange);
        com.fasterxml.jackson.databind.JsonNode b = body(exchange, "{\"reason\": \"…\"}", true);
        String to = caseEvents.escalate(number, b.path("resource").asText(null), b.path("reason").asText(null),
                operator(exchange));
        return write(Map.of("case", number, "resource", to));
    }

    /** Body: {"at": "2026-12-01T09:00:00+01:00"}, or {"at": null} to clear it. */
    public String deadline(Exchange exchange) {
        long number = id(exchange);
        com.fasterxml.jackson.databind.JsonNode at = body(exchange, "{\"at\": \"2026-12-01T09:00:00+01:00\"}").path("at");
        java.time.OffsetDateTime when;
        try {
            when = at.isMissingNode() || at.isNull() ? null : java.time.OffsetDateTime.parse(at.asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + at.asText() + "' is not an ISO-8601 date and time with offset");
        }
        caseEvents.setDeadline(number, when, operator(exchange));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("case", number);
        out.put("deadline", when);
        return write(out);
    }

    private com.fasterxml.jackson.databind.JsonNode body(Exchange exchange, String example) {
        return body(exchange, example, false);
    }

    private com.fasterxml.jackson.databind.JsonNode body(Exchange exchange, String example, boolean optional) {
        String raw = exchange.getIn().getBody(String.class);
        if (optional && (raw == null || raw.isBlank())) {
            return json.createObjectNode();
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = json.readTree(raw == null ? "" : raw);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the body must be JSON like " + example);
            }
            return node;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the body must be JSON like " + example);
        }
    }

    /** Turns a failure into the JSON error answer and its HTTP status. */
    public String error(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = e instanceof OperatorAuth.Unauthorized ? 401
                : e instanceof NoSuchElementException ? 404
                : e instanceof IllegalStateException ? 409
                : e instanceof IllegalArgumentException ? 400 : 500;
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return write(Map.of("error", e == null ? "unknown" : String.valueOf(e.getMessage())));
    }

    private static long id(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + id + "' is not a number");
        }
    }

    private static String operator(Exchange exchange) {
        return "api:" + exchange.getProperty(OperatorAuth.OPERATOR, String.class);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.mail2case.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mail2case.config.Database;
import dev.mail2case.intake.Quarantine;
import dev.mail2case.notify.Blocks;
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

    /** DELETE /api/blocks/address/{id or address} and /api/blocks/case/{id}: clears the block, recorded. */
    @SuppressWarnings("unchecked")
    public String clearBlock(Exchange exchange) {
        String kind = exchange.getIn().getHeader("kind", String.class);
        String target = exchange.getIn().getHeader("id", String.class);
        String operator = operator(exchange);
        if ("address".equals(kind) && target != null && target.contains("@")) {
            List<Number> ids = database.inTransaction(em -> em.createNativeQuery(
                    "SELECT id FROM address_blocks WHERE lower(address) = lower(?1) AND cleared_at IS NULL ORDER BY id")
                    .setParameter(1, target.trim()).getResultList());
            List<Long> cleared = ids.stream().map(Number::longValue).filter(i -> blocks.clear(kind, i, operator))
                    .toList();
            if (cleared.isEmpty()) {
                throw new NoSuchElementException("no block on " + target + " is in force");
            }
            return write(Map.of("kind", kind, "address", target.trim(), "ids", cleared, "cleared", true));
        }
        long id = id(exchange);
        if (!blocks.clear(kind, id, operator)) {
            throw new NoSuchElementException(kind + " block " + id + " is not in force");
        }
        return write(Map.of("kind", kind, "id", id, "cleared", true));
    }

    /**
     * Sends an outbox row again. A row without a recipient address is refused with the reason it was not
     * sent, which stays recorded; a row to a blocked address, or about a blocked case, is refused unless the
     * body says {"overrideBlock": true}, and the override is logged with the operator's name.
     */
    @SuppressWarnings("unchecked")
    public String resend(Exchange exchange) {
        long id = id(exchange);
        String operator = operator(exchange);
        boolean override = body(exchange, "{\"overrideBlock\": true}", true).path("overrideBlock").asBoolean(false);
        String note = database.inTransaction(em -> {
            List<Object[]> rows = em.createNativeQuery("SELECT recipient, not_sent_reason, case_id FROM outbox "
                    + "WHERE id = ?1 FOR UPDATE").setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                throw new NoSuchElementException("outbox mail " + id + " does not exist");
            }
            String recipient = rows.get(0)[0] == null ? "" : ((String) rows.get(0)[0]).trim();
            if (!recipient.contains("@")) {
                throw new IllegalStateException("outbox mail " + id + " has no recipient address, so it cannot be sent"
                        + (rows.get(0)[1] == null ? "" : " (" + rows.get(0)[1] + ")"));
            }
            List<Object[]> blocks = em.createNativeQuery("""
                    SELECT 'address block ' || id || ' (' || reason || ') on ' || address FROM address_blocks
                     WHERE lower(address) = lower(?1) AND cleared_at IS NULL AND (until IS NULL OR until > now())
                    UNION ALL
                    SELECT 'case block ' || id || ' (' || reason || ')' FROM case_blocks
                     WHERE case_id = ?2 AND cleared_at IS NULL AND until > now()""")
                    .setParameter(1, recipient).setParameter(2, rows.get(0)[2]).getResultList();
            String by = "by " + operator;
            if (!blocks.isEmpty()) {
                String block = String.valueOf(blocks.get(0));
                if (!override) {
                    throw new IllegalStateException("outbox mail " + id + " to " + recipient + " is blocked by " + block
                            + "; clear the block, or resend with {\"overrideBlock\": true} to send it anyway");
                }
                by += ", overriding " + block;
            }
            em.createNativeQuery("UPDATE outbox SET status = 'PENDING', next_attempt_at = now(), "
                    + "not_sent_reason = NULL WHERE id = ?1").setParameter(1, id).executeUpdate();
            em.createNativeQuery("INSERT INTO delivery_attempts (outbox_id, attempted_at, outcome, error) "
                    + "VALUES (?1, now(), 'RESEND_REQUESTED', ?2)").setParameter(1, id).setParameter(2, by)
                    .executeUpdate();
            return by;
        });
        return write(Map.of("id", id, "resend", "requested", "note", note));
    }

    /**
     * POST /api/deliveries/{id}/mark-sent: an UNCERTAIN send (the server's answer after DATA never came)
     * that the operator knows arrived is recorded SENT, so it is never sent again; any other row is refused.
     */
    public String markSent(Exchange exchange) {
        long id = id(exchange);
        String operator = operator(exchange);
        database.inTransaction(em -> {
            List<?> rows = em.createNativeQuery("SELECT status FROM outbox WHERE id = ?1 FOR UPDATE")
                    .setParameter(1, id).getResultList();
            if (rows.isEmpty()) {
                throw new NoSuchElementException("outbox mail " + id + " does not exist");
            }
            if (!"UNCERTAIN".equals(rows.get(0))) {
                throw new IllegalStateException("outbox mail " + id + " is " + rows.get(0)
                        + "; only an UNCERTAIN send can be marked as sent");
            }
            em.createNativeQuery("UPDATE outbox SET status = 'SENT', sent_at = now() WHERE id = ?1")
                    .setParameter(1, id).executeUpdate();
            em.createNativeQuery("INSERT INTO delivery_attempts (outbox_id, attempted_at, outcome, error) "
                    + "VALUES (?1, now(), 'MARKED_SENT', ?2)").setParameter(1, id)
                    .setParameter(2, "marked as sent by " + operator).executeUpdate();
            return null;
        });
        return write(Map.of("id", id, "status", "SENT", "by", operator));
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
        String valid = CaseQueries.status("status", status);
        caseEvents.changeStatus(number, valid, operator(exchange));
        return write(Map.of("case", number, "status", valid));
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
            throw new IllegalArgumentException("id: '" + id + "' is not a number");
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

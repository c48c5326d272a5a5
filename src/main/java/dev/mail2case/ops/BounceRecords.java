package dev.mail2case.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mail2case.config.Database;
import dev.mail2case.config.Times;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import dev.mail2case.screen.Bounce;
import dev.mail2case.screen.Classification;
import dev.mail2case.screen.MailClassifier;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounces that answered none of our mail (orphans), for operators: what each said and which addresses
 * it named. They are never acted on; listing them shows who is writing reports nobody asked for.
 */
public class BounceRecords {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final Database database;
    private final MailReader reader = new MailReader();
    private final MailClassifier classifier = new MailClassifier();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public BounceRecords(Database database) {
        this.database = database;
    }

    /** GET /api/bounces/orphans?account=&limit=&before=: newest first, with the total. */
    @SuppressWarnings("unchecked")
    public String orphans(Exchange exchange) {
        String account = exchange.getIn().getHeader("account", String.class);
        int limit = number(exchange, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be between 1 and " + MAX_LIMIT);
        }
        long before = number(exchange, "before", Long.MAX_VALUE);
        Object[] result = database.inTransaction(em -> {
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT id, account, received_at, from_address, subject, message_id, outcome_detail, raw
                      FROM inbound_mail
                     WHERE outcome = 'BOUNCE_ORPHAN' AND (?1 = '' OR account = ?1) AND id < ?2
                     ORDER BY id DESC LIMIT ?3""")
                    .setParameter(1, account == null ? "" : account).setParameter(2, before)
                    .setParameter(3, limit).getResultList();
            Number total = (Number) em.createNativeQuery("""
                    SELECT count(*) FROM inbound_mail WHERE outcome = 'BOUNCE_ORPHAN' AND (?1 = '' OR account = ?1)""")
                    .setParameter(1, account == null ? "" : account).getSingleResult();
            return new Object[]{rows, total.longValue()};
        });
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object[] r : (List<Object[]>) result[0]) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", ((Number) r[0]).longValue());
            m.put("account", r[1]);
            m.put("receivedAt", Times.of(r[2]));
            m.put("from", r[3]);
            m.put("subject", r[4]);
            m.put("messageId", r[5]);
            m.put("said", r[6]);
            m.putAll(report((byte[]) r[7]));
            m.put("actedOn", false);
            out.add(m);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("total", result[1]);
        answer.put("orphans", out);
        return write(answer);
    }

    /** What the report names, read again from the kept mail: the reason and each address with its own. */
    private Map<String, Object> report(byte[] raw) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> addresses = new ArrayList<>();
        m.put("reason", null);
        m.put("originalMessageId", null);
        m.put("addresses", addresses);
        if (raw == null || raw.length == 0) {
            return m;
        }
        try {
            InboundMail mail = reader.read(raw);
            Classification c = classifier.classify(mail, raw);
            Bounce b = c.bounce();
            if (b != null) {
                m.put("reason", b.reason());
                m.put("originalMessageId", b.originalMessageId());
                for (Bounce.Failure f : b.failures()) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("address", f.recipient());
                    a.put("reason", f.reason());
                    a.put("status", f.status());
                    addresses.add(a);
                }
            }
        } catch (RuntimeException e) {
            m.put("readError", String.valueOf(e.getMessage()));
        }
        return m;
    }

    private static long number(Exchange exchange, String name, long fallback) {
        String v = exchange.getIn().getHeader(name, String.class);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
        }
    }

    private static int number(Exchange exchange, String name, int fallback) {
        long n = number(exchange, name, (long) fallback);
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.mail2case.logging;

import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;
import org.slf4j.MDC;

import java.util.List;

/**
 * The MDC keys that tie every log line to one mail: the account it came from, its idempotency key
 * (Message-ID, or a hash of the bytes when it has none), the case it opened or joined, and the
 * outbox row being delivered. Set from the exchange before each step and cleared when the exchange
 * is done ({@link MailUnitOfWork}).
 */
public final class MailMdc {
    public static final String ACCOUNT = "account";
    public static final String MAIL_KEY = "mailKey";
    public static final String CASE_NUMBER = "caseNumber";
    public static final String DELIVERY_ID = "deliveryId";
    static final List<String> KEYS = List.of(ACCOUNT, MAIL_KEY, CASE_NUMBER, DELIVERY_ID);

    private MailMdc() {
    }

    /** Puts the exchange's mail keys on the current thread, and removes those it has none of. */
    public static void from(Exchange exchange) {
        set(ACCOUNT, exchange.getProperty(Pipeline.ACCOUNT));
        set(MAIL_KEY, exchange.getProperty(Pipeline.KEY));
        set(CASE_NUMBER, exchange.getProperty(Pipeline.CASE_NUMBER));
        set(DELIVERY_ID, exchange.getProperty(Pipeline.OUTBOX_ID));
    }

    /** For the line that announces the case a mail just opened, before the exchange knows it. */
    public static void caseNumber(long number) {
        MDC.put(CASE_NUMBER, Long.toString(number));
    }

    public static void clear() {
        KEYS.forEach(MDC::remove);
    }

    private static void set(String key, Object value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value.toString());
        }
    }
}

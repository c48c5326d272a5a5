package dev.mail2case.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

import java.util.Map;

/** {@code %mail} in the log pattern: {@code  account=… mailKey=… caseNumber=… deliveryId=…}, only the keys set. */
public final class MailMdcConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        for (String key : MailMdc.KEYS) {
            String value = mdc.get(key);
            if (value != null) {
                out.append(' ').append(key).append('=').append(value);
            }
        }
        return out.toString();
    }
}

package dev.mail2case.start;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import dev.mail2case.thread.CaseNumberFormat;
import org.apache.camel.spi.Registry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every area's beans are made from. Each area has a small factory next to this one that binds
 * the beans its route files name: {@link NotifyBeans}, {@link PipelineBeans}, {@link CaseBeans},
 * {@link OperatorBeans}, {@link DeliveryBeans}, {@link AccountBeans}.
 *
 * @param domain the domain of our own Message-IDs
 */
record Wiring(Settings settings, Registry registry, Database database, List<AccountSettings> accounts,
              Map<String, AccountSettings> byId, CaseNumberFormat token, String domain, Clock clock) {

    void bind(String name, Object bean) {
        registry.bind(name, bean);
    }

    int integer(String key, int fallback, int min, int max) {
        return settings.integer(key, fallback, min, max);
    }

    Duration millis(String key, int fallback, int min, int max) {
        return Duration.ofMillis(settings.integer(key, fallback, min, max));
    }

    Duration duration(String key, String fallback) {
        String value = settings.get(key, fallback);
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new SettingException(key, "is '" + value + "' but must be an ISO-8601 duration such as PT12H");
        }
    }

    /** The case token; a format without {n} or that cannot be read stops start-up. */
    static CaseNumberFormat caseNumberFormat(Settings settings) {
        String format = settings.get("mail2case.case-number.format", "[#{n}]");
        if (!format.contains("{n}")) {
            throw new SettingException("mail2case.case-number.format", "is '" + format + "' but must contain {n}");
        }
        try {
            return new CaseNumberFormat(format);
        } catch (IllegalArgumentException e) {
            throw new SettingException("mail2case.case-number.format", "is '" + format + "': " + e.getMessage());
        }
    }
}

package dev.mail2case.assign;

import dev.mail2case.config.SettingException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Routing rules for new cases, read from a YAML file an integration engineer edits
 * ({@code mail2case.routing-rules}). Each rule names itself, may be limited to some accounts, matches
 * on subject, body, original recipient and sender domain (all given conditions must hold; subject and
 * body are regular expressions searched case-insensitively), and sets a job, a queue or an assignee.
 * The first matching rule wins and overrides the assignment chain for what it sets.
 *
 * <pre>
 * - name: printers go to facilities
 *   accounts: [support]
 *   when: {subject: "printer|toner", senderDomain: northwind.example}
 *   set: {job: J-200, assignee: ola@agency.example}
 * </pre>
 */
public final class RoutingRules {

    /** One rule; null conditions are not checked, null targets are not set. */
    public record Rule(String name, Set<String> accounts, Pattern subject, Pattern body, String recipient,
                       String senderDomain, String job, String queue, String assignee) {

        boolean matches(String account, String subjectText, String bodyText, String originalRecipient,
                        String senderAddress) {
            if (!accounts.isEmpty() && !accounts.contains(account)) {
                return false;
            }
            if (subject != null && !subject.matcher(subjectText == null ? "" : subjectText).find()) {
                return false;
            }
            if (body != null && !body.matcher(bodyText == null ? "" : bodyText).find()) {
                return false;
            }
            if (recipient != null && !recipient.equalsIgnoreCase(originalRecipient == null ? "" : originalRecipient)) {
                return false;
            }
            if (senderDomain != null) {
                String domain = senderAddress == null || !senderAddress.contains("@") ? ""
                        : senderAddress.substring(senderAddress.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
                return domain.equals(senderDomain) || domain.endsWith("." + senderDomain);
            }
            return true;
        }
    }

    private static final String SETTING = "mail2case.routing-rules";
    private final List<Rule> rules;

    public RoutingRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RoutingRules none() {
        return new RoutingRules(List.of());
    }

    public List<Rule> rules() {
        return rules;
    }

    public Optional<Rule> firstMatch(String account, String subject, String body, String originalRecipient,
                                     String senderAddress) {
        return rules.stream().filter(r -> r.matches(account, subject, body, originalRecipient, senderAddress))
                .findFirst();
    }

    public static RoutingRules load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SettingException(SETTING, "is '" + file + "' but it cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    @SuppressWarnings("unchecked")
    public static RoutingRules parse(String yaml, String source) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().build()).loadFromString(yaml);
        } catch (RuntimeException e) {
            throw new SettingException(SETTING, "file " + source + " is not valid YAML: " + e.getMessage());
        }
        if (doc == null) {
            return none();
        }
        if (!(doc instanceof List<?> list)) {
            throw new SettingException(SETTING, "file " + source + " must be a list of rules");
        }
        List<Rule> rules = new ArrayList<>();
        int index = 0;
        for (Object item : list) {
            index++;
            if (!(item instanceof Map<?, ?> map)) {
                throw new SettingException(SETTING, "file " + source + ": rule " + index + " is not a mapping");
            }
            String name = str(map.get("name"));
            String label = "rule " + index + (name == null ? "" : " '" + name + "'");
            if (name == null) {
                throw new SettingException(SETTING, "file " + source + ": " + label + " needs a name");
            }
            Map<String, Object> when = (Map<String, Object>) mapOf(map.get("when"), source, label, "when");
            Map<String, Object> set = (Map<String, Object>) mapOf(map.get("set"), source, label, "set");
            for (String k : when.keySet()) {
                if (!Set.of("subject", "body", "recipient", "senderDomain").contains(k)) {
                    throw new SettingException(SETTING, "file " + source + ": " + label + " has unknown condition '"
                            + k + "' (subject, body, recipient, senderDomain)");
                }
            }
            for (String k : set.keySet()) {
                if (!Set.of("job", "queue", "assignee").contains(k)) {
                    throw new SettingException(SETTING, "file " + source + ": " + label + " sets unknown '" + k
                            + "' (job, queue, assignee)");
                }
            }
            if (set.isEmpty()) {
                throw new SettingException(SETTING, "file " + source + ": " + label + " sets nothing");
            }
            Object accounts = map.get("accounts");
            Set<String> accountSet = accounts == null ? Set.of()
                    : accounts instanceof List<?> l ? Set.copyOf(l.stream().map(String::valueOf).toList())
                    : Set.of(String.valueOf(accounts));
            rules.add(new Rule(name, accountSet, regex(when.get("subject"), source, label),
                    regex(when.get("body"), source, label), lower(when.get("recipient")),
                    lower(when.get("senderDomain")), str(set.get("job")), str(set.get("queue")),
                    lower(set.get("assignee"))));
        }
        return new RoutingRules(rules);
    }

    private static Map<?, ?> mapOf(Object o, String source, String label, String key) {
        if (o == null) {
            return Map.of();
        }
        if (o instanceof Map<?, ?> m) {
            return m;
        }
        throw new SettingException(SETTING, "file " + source + ": " + label + " '" + key + "' must be a mapping");
    }

    private static Pattern regex(Object o, String source, String label) {
        if (o == null) {
            return null;
        }
        try {
            return Pattern.compile(String.valueOf(o), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new SettingException(SETTING, "file " + source + ": " + label + " has a bad pattern: "
                    + e.getDescription());
        }
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o).trim();
    }

    private static String lower(Object o) {
        return o == null ? null : String.valueOf(o).trim().toLowerCase(Locale.ROOT);
    }
}

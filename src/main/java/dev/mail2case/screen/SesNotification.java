package dev.mail2case.screen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Amazon SES notifications delivered by mail (through SNS): a JSON document in the body instead of a
 * DSN. Read with patterns, since mail transport often breaks long JSON lines.
 */
final class SesNotification {

    private static final Pattern TYPE = Pattern.compile("\"notificationType\"\\s*:\\s*\"(Bounce|Complaint|Delivery)\"");

    private SesNotification() {
    }

    static Classification read(String body, BounceReasons reasons) {
        if (!body.contains("notificationType")) return null; // no SES document: nothing to undo
        // SNS wraps the SES document as an escaped string inside its own JSON
        body = body.replace("\\\"", "\"");
        Matcher t = TYPE.matcher(body);
        if (!t.find()) return null;
        String json = body.replaceAll("!\\r?\\n ?", "");
        List<String> rcpts = new ArrayList<>(values(json, "emailAddress"));
        if (rcpts.isEmpty()) rcpts.addAll(values(json, "destination"));
        String status = first(json, "status");
        String diag = diagnostic(json);
        String messageId = headerValue(json, "Message-ID");
        return switch (t.group(1)) {
            case "Complaint" -> new Classification(Kind.FEEDBACK, null,
                    "SES complaint" + (first(json, "complaintFeedbackType") == null ? "" : ": " + first(json, "complaintFeedbackType")), true);
            case "Delivery" -> new Classification(Kind.DELIVERY_REPORT,
                    new Bounce("delivered", status, false, rcpts, messageId, first(json, "smtpResponse")), "SES delivery notification", true);
            default -> {
                boolean permanent = !"Transient".equalsIgnoreCase(first(json, "bounceType"));
                List<Bounce.Failure> failures = perRecipient(json, permanent, reasons);
                Bounce.Failure head = failures.isEmpty()
                        ? new Bounce.Failure(null, reasons.decide(diag, status, ""), status, permanent, diag)
                        : failures.get(0);
                yield new Classification(Kind.BOUNCE, new Bounce(head.reason(), head.status(), permanent, rcpts,
                        messageId, head.diagnostic(), failures), "SES bounce notification", true);
            }
        };
    }

    /** Each bounced recipient's own object: its status and diagnostic decide its reason. */
    private static List<Bounce.Failure> perRecipient(String json, boolean permanent, BounceReasons reasons) {
        List<Bounce.Failure> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"emailAddress\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        while (m.find()) {
            int open = json.lastIndexOf('{', m.start());
            int close = json.indexOf('}', m.end());
            if (open < 0 || close < 0) return List.of();
            String object = json.substring(open, close);
            String status = first(object, "status");
            String diag = diagnostic(object);
            if (status == null && diag == null) return List.of();
            if (out.stream().noneMatch(f -> f.recipient().equals(m.group(1)))) {
                out.add(new Bounce.Failure(m.group(1), reasons.decide(diag, status, ""), status, permanent, diag));
            }
        }
        return out;
    }

    private static String diagnostic(String json) {
        String diag = first(json, "diagnosticCode");
        return diag == null ? null : diag.replaceFirst("(?i)^smtp;\\s*", "");
    }

    private static String first(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    private static Set<String> values(String json, String key) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\\[?\\s*\"([^\"]+)\"").matcher(json);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String headerValue(String json, String name) {
        Matcher m = Pattern.compile("\\{\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"\\s*,\\s*\"value\"\\s*:\\s*\"<?([^\">]+)>?\"",
                Pattern.CASE_INSENSITIVE).matcher(json);
        return m.find() ? m.group(1) : null;
    }
}

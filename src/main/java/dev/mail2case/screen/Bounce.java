package dev.mail2case.screen;

import java.util.ArrayList;
import java.util.List;

/**
 * A failed (or reported) delivery. The top-level fields describe the first failed recipient; a report
 * about several recipients carries each one's own verdict in {@code failures}, since one may be unknown
 * while another is only full.
 *
 * @param reason            why, in sisimai's vocabulary (userunknown, mailboxfull, expired ...)
 * @param status            enhanced status code such as 5.1.1, or null
 * @param permanent         true when retrying will not help
 * @param recipients        the addresses that could not be reached
 * @param originalMessageId Message-ID of the returned mail without brackets, or null
 * @param diagnostic        the remote server's own words, trimmed, or null
 * @param failures          one verdict per recipient, in the order of {@code recipients}
 */
public record Bounce(String reason, String status, boolean permanent, List<String> recipients,
                     String originalMessageId, String diagnostic, List<Failure> failures) {

    /** What the report says about one recipient. */
    public record Failure(String recipient, String reason, String status, boolean permanent, String diagnostic) {
    }

    public Bounce {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        if (failures == null || failures.isEmpty()) {
            List<Failure> same = new ArrayList<>();
            for (String r : recipients) same.add(new Failure(r, reason, status, permanent, diagnostic));
            failures = same;
        }
        failures = List.copyOf(failures);
    }

    /** A report whose verdict holds for every recipient. */
    public Bounce(String reason, String status, boolean permanent, List<String> recipients,
                  String originalMessageId, String diagnostic) {
        this(reason, status, permanent, recipients, originalMessageId, diagnostic, List.of());
    }

    /** True when the recipients failed for different reasons. */
    public boolean mixed() {
        return failures.stream().map(Failure::reason).distinct().count() > 1;
    }

    /** {@code reason status for a, b: diagnostic}, or one such part per recipient when the reasons differ. */
    public String summary() {
        if (!mixed()) return describe(reason, status, String.join(", ", recipients), diagnostic);
        List<String> parts = new ArrayList<>();
        for (Failure f : failures) parts.add(describe(f));
        return String.join("; ", parts);
    }

    public static String describe(Failure f) {
        return describe(f.reason(), f.status(), f.recipient(), f.diagnostic());
    }

    private static String describe(String reason, String status, String recipients, String diagnostic) {
        return reason + (status == null ? "" : " " + status) + " for " + recipients
                + (diagnostic == null ? "" : ": " + diagnostic);
    }
}

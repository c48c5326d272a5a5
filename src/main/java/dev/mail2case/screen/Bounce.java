package dev.mail2case.screen;

import java.util.List;

/**
 * A failed (or reported) delivery.
 *
 * @param reason            why, in sisimai's vocabulary (userunknown, mailboxfull, expired ...)
 * @param status            enhanced status code such as 5.1.1, or null
 * @param permanent         true when retrying will not help
 * @param recipients        the addresses that could not be reached
 * @param originalMessageId Message-ID of the returned mail without brackets, or null
 * @param diagnostic        the remote server's own words, trimmed, or null
 */
public record Bounce(String reason, String status, boolean permanent, List<String> recipients,
                     String originalMessageId, String diagnostic) {

    public Bounce {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
}

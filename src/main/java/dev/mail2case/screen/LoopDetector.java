package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;

import java.util.Locale;
import java.util.Optional;

/**
 * Mail-loop signals on incoming mail. Our own mail coming back (it carries our loop header, or a
 * Message-ID of our domain with bulk precedence) is recorded and not processed as new. Mail that
 * arrived auto-submitted or bulk is processed, but never answered automatically.
 */
public class LoopDetector {
    /** Header on every mail mail2case sends; its value is the sending account's address. */
    public static final String LOOP_HEADER = "X-Mail2Case-Loop";

    private final String messageIdDomain;

    public LoopDetector(String messageIdDomain) {
        this.messageIdDomain = messageIdDomain.toLowerCase(Locale.ROOT);
    }

    /** Why this mail is our own coming back, or empty. */
    public Optional<String> ownMailReturned(InboundMail mail) {
        if (mail.header(LOOP_HEADER) != null) {
            return Optional.of("carries our loop header " + LOOP_HEADER + ": " + mail.header(LOOP_HEADER));
        }
        String id = mail.messageId() == null ? "" : mail.messageId().toLowerCase(Locale.ROOT);
        if (id.endsWith("@" + messageIdDomain) && id.startsWith("case-") && isBulk(mail)) {
            return Optional.of("has our own Message-ID " + mail.messageId() + " and bulk precedence");
        }
        return Optional.empty();
    }

    /** Why no automatic mail may answer this one, or empty. */
    public Optional<String> noAutoReply(InboundMail mail) {
        String autoSubmitted = mail.header("Auto-Submitted");
        if (autoSubmitted != null && !autoSubmitted.trim().toLowerCase(Locale.ROOT).startsWith("no")) {
            return Optional.of("it arrived with Auto-Submitted: " + autoSubmitted.trim());
        }
        if (isBulk(mail)) {
            return Optional.of("it arrived with Precedence: " + mail.header("Precedence").trim());
        }
        for (String h : new String[]{"X-Autoreply", "X-Autorespond", "X-Auto-Reply"}) {
            if (mail.header(h) != null) {
                return Optional.of("it arrived with " + h);
            }
        }
        if (mail.header("List-Id") != null || mail.header("List-Unsubscribe") != null) {
            return Optional.of("it came from a mailing list");
        }
        return Optional.empty();
    }

    private static boolean isBulk(InboundMail mail) {
        String precedence = mail.header("Precedence");
        if (precedence == null) {
            return false;
        }
        String p = precedence.trim().toLowerCase(Locale.ROOT);
        return p.equals("bulk") || p.equals("junk") || p.equals("list");
    }
}

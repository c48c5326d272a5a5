package dev.mail2case.thread;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Message-IDs for mail we send: {@code <case-1042.8f3c2a9b1e4d7a60@mail2case.example.org>}. The case number lets
 * a reply be threaded even when its subject lost our token; the random part makes every mail's ID unique.
 */
public final class OutgoingMessageIds {

    private static final Pattern SHAPE = Pattern.compile("case-(\\d{1,18})\\.([0-9a-f]{16})@(.+)");

    private final String domain;
    private final SecureRandom random = new SecureRandom();

    public OutgoingMessageIds(String domain) {
        if (domain == null || !domain.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
            throw new IllegalArgumentException("not a domain for Message-IDs: " + domain);
        }
        this.domain = domain.toLowerCase(Locale.ROOT);
    }

    /** A new Message-ID with angle brackets, ready for the Message-ID header. */
    public String next(long caseNumber) {
        if (caseNumber < 0) {
            throw new IllegalArgumentException("case numbers are not negative: " + caseNumber);
        }
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "<case-" + caseNumber + "." + HexFormat.of().formatHex(bytes) + "@" + domain + ">";
    }

    /** The case number named by one of our Message-IDs (with or without brackets); empty for any other. */
    public OptionalLong caseNumberOf(String messageId) {
        String n = ReplyReferences.normalise(messageId);
        if (n == null) {
            return OptionalLong.empty();
        }
        Matcher m = SHAPE.matcher(n);
        if (!m.matches() || !m.group(3).equalsIgnoreCase(domain)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }

    public String domain() {
        return domain;
    }
}

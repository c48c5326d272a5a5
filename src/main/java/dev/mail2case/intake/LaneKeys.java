package dev.mail2case.intake;

import dev.mail2case.mail.EncodedWords;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ties a mail to others of the same poll, read from its header block alone: its sender's address,
 * the Message-IDs of its thread (its own, In-Reply-To, References) and the case number in its subject.
 * Mails that share a key are taken one after another ({@link MailLanes}).
 */
final class LaneKeys {
    private static final Pattern ID = Pattern.compile("<([^<>\\s]+)>");

    private LaneKeys() {
    }

    static Set<String> of(byte[] raw, Function<String, OptionalLong> caseNumber) {
        Set<String> keys = new LinkedHashSet<>();
        String from = MailIntake.headerFromAddress(raw);
        if (from != null) {
            keys.add("from:" + from.toLowerCase(Locale.ROOT));
        }
        String head = new String(raw, 0, MailIntake.headerEnd(raw), StandardCharsets.ISO_8859_1)
                .replaceAll("\r?\n[ \t]+", " ");
        for (String line : head.split("\r?\n|\r")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1);
            switch (name) {
                case "message-id", "in-reply-to", "references" -> {
                    Matcher m = ID.matcher(value);
                    while (m.find()) {
                        keys.add("id:" + m.group(1));
                    }
                }
                case "subject" -> caseNumber.apply(EncodedWords.decode(value.trim()))
                        .ifPresent(n -> keys.add("case:" + n));
                default -> {
                }
            }
        }
        return keys;
    }
}

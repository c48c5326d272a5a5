package dev.mail2case.intake;

import dev.mail2case.mail.EncodedWords;
import dev.mail2case.mail.HeaderFields;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * What ties a mail to others of the same poll, read from its header block alone: its sender's address,
 * the Message-IDs of its thread (its own, In-Reply-To, References) and the case number in its subject.
 * Mails that share a key are taken one after another ({@link MailLanes}).
 */
final class LaneKeys {
    private LaneKeys() {
    }

    static Set<String> of(byte[] raw, Function<String, OptionalLong> caseNumber) {
        Set<String> keys = new LinkedHashSet<>();
        for (String[] field : HeaderFields.of(raw)) {
            switch (field[0]) {
                case "from" -> {
                    String from = MailIntake.address(field[1]);
                    if (from != null) {
                        keys.add("from:" + from.toLowerCase(Locale.ROOT));
                    }
                }
                case "message-id", "in-reply-to", "references" ->
                        HeaderFields.messageIds(field[1]).forEach(id -> keys.add("id:" + id));
                case "subject" -> caseNumber.apply(EncodedWords.decode(field[1])).ifPresent(n -> keys.add("case:" + n));
                default -> {
                }
            }
        }
        return keys;
    }
}

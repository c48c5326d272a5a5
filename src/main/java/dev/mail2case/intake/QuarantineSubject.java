package dev.mail2case.intake;

import jakarta.mail.internet.MimeUtility;

import java.nio.charset.StandardCharsets;

/** The Subject of a mail that may not parse at all, for listing the quarantine. */
final class QuarantineSubject {
    private QuarantineSubject() {
    }

    static String of(byte[] raw) {
        String head = new String(raw, 0, Math.min(raw.length, 64 * 1024), StandardCharsets.ISO_8859_1)
                .replaceAll("\r?\n[ \t]+", " ");
        for (String line : head.split("\r?\n|\r")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                String value = line.substring(8).trim();
                try {
                    value = MimeUtility.decodeText(value);
                } catch (Exception ignored) {
                    // keep the encoded form: still searchable
                }
                return value.length() > 998 ? value.substring(0, 998) : value;
            }
        }
        return null;
    }
}

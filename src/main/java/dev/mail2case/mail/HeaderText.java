package dev.mail2case.mail;

import java.nio.charset.Charset;

/** Header text made readable: unfolded, decoded, shortened for messages. The other readers build on it. */
final class HeaderText {
    private HeaderText() {
    }

    static String unfold(String v) {
        return v == null ? null : v.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", "");
    }

    /** Raw 8-bit bytes recovered, encoded words decoded. */
    static String decodeHeader(String raw, Charset fallback) {
        if (raw == null) return null;
        return EncodedWords.decode(MailCharsets.rawHeader(unfold(raw), fallback)).trim();
    }

    static String shorten(String s, int max) {
        if (s == null) return "";
        s = s.replaceAll("\\s+", " ");
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}

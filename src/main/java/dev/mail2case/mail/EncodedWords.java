package dev.mail2case.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 2047 encoded words, read the way clients really write them: inside words, without spaces
 * between them, with spaces inside Q text, bad padding, and multi-byte characters split across two
 * adjacent words (their bytes are joined before decoding).
 */
public final class EncodedWords {

    private static final Pattern WORD = Pattern.compile("=\\?([^?\\s]{1,40})\\?([bBqQ])\\?([^?]*)\\?=");

    private EncodedWords() {
    }

    public static String decode(String value) {
        if (value == null || !value.contains("=?")) return value;
        Matcher m = WORD.matcher(value);
        StringBuilder out = new StringBuilder(value.length());
        int last = 0;
        String pendingCharset = null;
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        while (m.find()) {
            String between = value.substring(last, m.start());
            boolean adjacent = pendingCharset != null && between.isBlank();
            String charset = m.group(1);
            int star = charset.indexOf('*');
            if (star > 0) charset = charset.substring(0, star);
            byte[] bytes = m.group(2).equalsIgnoreCase("B") ? base64(m.group(3)) : quoted(m.group(3));
            if (adjacent && charset.equalsIgnoreCase(pendingCharset)) {
                pending.writeBytes(bytes);
            } else {
                if (pendingCharset != null) {
                    out.append(MailCharsets.decode(pending.toByteArray(), pendingCharset));
                    pending.reset();
                }
                if (!adjacent) out.append(between);
                pendingCharset = charset;
                pending.writeBytes(bytes);
            }
            last = m.end();
        }
        if (pendingCharset != null) out.append(MailCharsets.decode(pending.toByteArray(), pendingCharset));
        out.append(value, last, value.length());
        return out.toString();
    }

    static byte[] base64(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/') {
                clean.append(c);
            }
        }
        int rem = clean.length() % 4;
        if (rem == 1) clean.setLength(clean.length() - 1);
        else if (rem > 1) clean.append("==", 0, 4 - rem);
        try {
            return Base64.getDecoder().decode(clean.toString());
        } catch (IllegalArgumentException e) {
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    static byte[] quoted(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && i + 2 < text.length() + 0 && hex(text.charAt(i + 1)) >= 0
                    && i + 2 < text.length() && hex(text.charAt(i + 2)) >= 0) {
                out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                out.write(c > 0xFF ? '?' : c);
            }
        }
        return out.toByteArray();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}

package dev.mail2case.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One parameter of a Content-Type or Content-Disposition value, read leniently: quoted or not,
 * RFC 2231 extended ({@code name*=charset'lang'%XX}) and continued ({@code name*0*=}, {@code name*1=}),
 * decoded with our charset aliases (so 8-bit bytes under a 7-bit charset label still come out right).
 */
final class HeaderParams {

    private HeaderParams() {
    }

    /** The decoded value, or null when the parameter is absent. Raw 8-bit bytes are left to the caller. */
    static String get(String headerValue, String param, Charset fallback) {
        if (headerValue == null) return null;
        String want = param.toLowerCase(Locale.ROOT);
        String plain = null;
        String extended = null;
        Map<Integer, String[]> parts = new TreeMap<>();
        int i = headerValue.indexOf(';');
        while (i >= 0 && i < headerValue.length()) {
            int eq = headerValue.indexOf('=', i + 1);
            if (eq < 0) break;
            String key = headerValue.substring(i + 1, eq).trim().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            while (j < headerValue.length() && Character.isWhitespace(headerValue.charAt(j))) j++;
            StringBuilder value = new StringBuilder();
            if (j < headerValue.length() && headerValue.charAt(j) == '"') {
                j++;
                while (j < headerValue.length() && headerValue.charAt(j) != '"') {
                    char ch = headerValue.charAt(j);
                    if (ch == '\\' && j + 1 < headerValue.length()) ch = headerValue.charAt(++j);
                    value.append(ch);
                    j++;
                }
                int semi = headerValue.indexOf(';', j);
                i = semi;
            } else {
                int semi = headerValue.indexOf(';', j);
                value.append(headerValue, j, semi < 0 ? headerValue.length() : semi);
                i = semi;
                if (value.length() > 0) value = new StringBuilder(value.toString().trim());
            }
            if (key.equals(want)) {
                if (plain == null) plain = value.toString();
            } else if (key.equals(want + "*")) {
                extended = value.toString();
            } else if (key.startsWith(want + "*")) {
                String rest = key.substring(want.length() + 1);
                boolean encoded = rest.endsWith("*");
                if (encoded) rest = rest.substring(0, rest.length() - 1);
                try {
                    parts.putIfAbsent(Integer.parseInt(rest), new String[]{value.toString(), encoded ? "*" : ""});
                } catch (NumberFormatException ignored) {
                    // not a continuation
                }
            }
        }
        if (extended != null) return decodeExtended(extended, true, null, fallback);
        if (!parts.isEmpty()) {
            String charset = null;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            boolean first = true;
            for (String[] p : parts.values()) {
                String v = p[0];
                if (p[1].equals("*")) {
                    if (first) {
                        int q1 = v.indexOf('\'');
                        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
                        if (q2 > 0) {
                            charset = v.substring(0, q1);
                            v = v.substring(q2 + 1);
                        }
                    }
                    bytes.writeBytes(percent(v));
                } else {
                    bytes.writeBytes(v.getBytes(StandardCharsets.ISO_8859_1));
                }
                first = false;
            }
            return decodeBytes(bytes.toByteArray(), charset, fallback);
        }
        return plain;
    }

    private static String decodeExtended(String v, boolean withCharset, String charset, Charset fallback) {
        int q1 = v.indexOf('\'');
        int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
        if (withCharset && q2 > 0) {
            charset = v.substring(0, q1);
            v = v.substring(q2 + 1);
        }
        return decodeBytes(percent(v), charset, fallback);
    }

    private static String decodeBytes(byte[] bytes, String charset, Charset fallback) {
        if (charset == null || charset.isBlank()) {
            return MailCharsets.rawHeader(new String(bytes, StandardCharsets.ISO_8859_1), fallback);
        }
        return MailCharsets.decode(bytes, charset);
    }

    private static byte[] percent(String v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
        for (int k = 0; k < v.length(); k++) {
            char ch = v.charAt(k);
            if (ch == '%' && k + 2 < v.length() + 0 && k + 2 <= v.length() - 1
                    && Character.digit(v.charAt(k + 1), 16) >= 0 && Character.digit(v.charAt(k + 2), 16) >= 0) {
                out.write(Character.digit(v.charAt(k + 1), 16) * 16 + Character.digit(v.charAt(k + 2), 16));
                k += 2;
            } else {
                out.write(ch > 0xFF ? '?' : ch);
            }
        }
        return out.toByteArray();
    }
}

package dev.mail2case.mail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * Charset names as mail clients write them, mapped to what the JVM knows, and decoding that never
 * throws: a bad byte becomes U+FFFD and the rest of the text survives.
 */
public final class MailCharsets {

    /** Used when a charset is unknown and the bytes are not valid UTF-8. */
    public static final Charset FALLBACK = Charset.forName("windows-1252");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("iso-gb2312", "GBK"),
            Map.entry("gb2312", "GBK"),
            Map.entry("x-gbk", "GBK"),
            Map.entry("gb_2312-80", "GBK"),
            Map.entry("chinese", "GBK"),
            Map.entry("ks_c_5601-1987", "x-windows-949"),
            Map.entry("ks_c_5601", "x-windows-949"),
            Map.entry("ksc5601", "x-windows-949"),
            Map.entry("euc-kr", "x-windows-949"),
            Map.entry("iso-8859-8-i", "ISO-8859-8"),
            Map.entry("iso-8859-8-e", "ISO-8859-8"),
            Map.entry("iso-8859-6-i", "ISO-8859-6"),
            Map.entry("iso-8859-1", "windows-1252"),
            Map.entry("latin1", "windows-1252"),
            Map.entry("us-ascii", "windows-1252"),
            Map.entry("ascii", "windows-1252"),
            Map.entry("ansi_x3.4-1968", "windows-1252"),
            Map.entry("x-user-defined", "windows-1252"),
            Map.entry("cp-850", "IBM850"),
            Map.entry("x-mac-roman", "x-MacRoman"),
            Map.entry("macintosh", "x-MacRoman"),
            Map.entry("shift-jis", "Shift_JIS"),
            Map.entry("x-sjis", "Shift_JIS"),
            Map.entry("sjis", "Shift_JIS"),
            Map.entry("iso-2022-jp", "x-windows-iso2022jp"),
            Map.entry("x-euc-jp", "EUC-JP"),
            Map.entry("big5", "Big5-HKSCS"),
            Map.entry("utf8", "UTF-8"),
            Map.entry("utf-16", "UTF-16"),
            Map.entry("unicode-1-1-utf-7", "UTF-7"),
            Map.entry("x-unicode20utf7", "UTF-7"));

    private MailCharsets() {
    }

    /**
     * The charset for a declared name, or null when the name means "unknown" (absent, x-unknown,
     * bogus) and the caller should guess. UTF-7 is returned as null too: see {@link #decode}.
     */
    public static Charset lookup(String declared) {
        if (declared == null) return null;
        String name = declared.trim().replaceAll("^[\"']+|[\"']+$", "").toLowerCase(Locale.ROOT);
        if (name.isEmpty()) return null;
        name = ALIASES.getOrDefault(name, name);
        if (name.equalsIgnoreCase("UTF-7")) return null;
        if (name.startsWith("cp") && name.substring(2).chars().allMatch(Character::isDigit) && name.length() > 2) {
            name = "windows-" + name.substring(2);
        }
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** True when the declared charset name is one we could not map to a real charset. */
    public static boolean isUnknown(String declared) {
        return declared != null && !declared.isBlank() && lookup(declared) == null && !isUtf7(declared);
    }

    static boolean isUtf7(String declared) {
        if (declared == null) return false;
        String n = declared.trim().replace("\"", "").toLowerCase(Locale.ROOT);
        return n.equals("utf-7") || ALIASES.getOrDefault(n, "").equals("UTF-7");
    }

    /** Decodes bytes in the declared charset; unknown names are guessed (UTF-8 if valid, else windows-1252). */
    public static String decode(byte[] bytes, String declared) {
        if (isUtf7(declared)) return Utf7.decode(new String(bytes, StandardCharsets.ISO_8859_1));
        Charset cs = lookup(declared);
        if (cs == null) return guess(bytes);
        if (!isAscii(bytes)) {
            String n = cs.name().toUpperCase(Locale.ROOT);
            // A 7-bit charset holding 8-bit bytes: the sender's client meant its 8-bit sibling, or UTF-8.
            if ((n.equals("WINDOWS-1252") || n.equals("ISO-8859-1")) && strictUtf8(bytes) != null) {
                return strictUtf8(bytes); // UTF-8 labelled Latin-1; real Latin-1 text is almost never valid UTF-8
            }
            if (n.contains("2022") || n.equals("US-ASCII") || declared.toLowerCase(Locale.ROOT).contains("ascii")) {
                String utf8 = strictUtf8(bytes);
                if (utf8 != null) return utf8;
                if (n.contains("2022-JP") || n.contains("2022JP")) return decode(bytes, Charset.forName("windows-31j"));
                if (n.contains("2022-KR")) return decode(bytes, Charset.forName("x-windows-949"));
                if (n.contains("2022-CN")) return decode(bytes, Charset.forName("GBK"));
                return decode(bytes, FALLBACK);
            }
        }
        return decode(bytes, cs);
    }

    /** Decoding with REPLACE: one bad byte costs one character. */
    public static String decode(byte[] bytes, Charset cs) {
        CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return d.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, FALLBACK);
        }
    }

    /** UTF-8 when the bytes are valid UTF-8, otherwise windows-1252. */
    public static String guess(byte[] bytes) {
        if (isAscii(bytes)) return new String(bytes, StandardCharsets.ISO_8859_1);
        String utf8 = strictUtf8(bytes);
        return utf8 != null ? utf8 : new String(bytes, FALLBACK);
    }

    static String strictUtf8(byte[] bytes) {
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** UTF-8 with a few broken sequences (a name cut mid-character) is still UTF-8. */
    static String mostlyUtf8(byte[] bytes) {
        String lenient = decode(bytes, StandardCharsets.UTF_8);
        long bad = lenient.chars().filter(ch -> ch == 0xFFFD).count();
        long good = lenient.chars().filter(ch -> ch >= 0x80 && ch != 0xFFFD).count();
        return bad > 0 && good >= 4 * bad ? lenient : null;
    }

    static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) if (b < 0) return false;
        return true;
    }

    /**
     * A header value as the parser gave it (one char per byte) to real text: raw 8-bit bytes are
     * read as UTF-8 when valid, otherwise in the given fallback charset.
     */
    public static String rawHeader(String latin1, Charset fallback) {
        if (latin1 == null) return null;
        boolean high = false;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c > 0xFF) return latin1; // already real text
            if (c >= 0x80) high = true;
        }
        if (!high) return latin1;
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        String utf8 = strictUtf8(bytes);
        if (utf8 != null) return utf8;
        String mostly = mostlyUtf8(bytes);
        if (mostly != null) return mostly;
        Charset cs = fallback == null ? FALLBACK : fallback;
        // ISO-2022-JP is 7-bit: Japanese mail with raw 8-bit headers writes them in Shift_JIS.
        if (cs.name().toUpperCase(java.util.Locale.ROOT).contains("2022")) cs = Charset.forName("windows-31j");
        return decode(bytes, cs);
    }

    /** Small UTF-7 (RFC 2152) decoder: the JDK ships none. */
    static final class Utf7 {
        private Utf7() {
        }

        static String decode(String s) {
            StringBuilder out = new StringBuilder(s.length());
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != '+') {
                    out.append(c);
                    i++;
                    continue;
                }
                int j = i + 1;
                if (j < s.length() && s.charAt(j) == '-') {
                    out.append('+');
                    i = j + 1;
                    continue;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                int bits = 0;
                int nbits = 0;
                while (j < s.length() && b64(s.charAt(j)) >= 0) {
                    bits = (bits << 6) | b64(s.charAt(j));
                    nbits += 6;
                    if (nbits >= 8) {
                        nbits -= 8;
                        bytes.write((bits >> nbits) & 0xFF);
                    }
                    j++;
                }
                byte[] b = bytes.toByteArray();
                out.append(new String(b, 0, b.length - (b.length % 2), StandardCharsets.UTF_16BE));
                if (j < s.length() && s.charAt(j) == '-') j++;
                i = j;
            }
            return out.toString();
        }

        private static int b64(char c) {
            if (c >= 'A' && c <= 'Z') return c - 'A';
            if (c >= 'a' && c <= 'z') return c - 'a' + 26;
            if (c >= '0' && c <= '9') return c - '0' + 52;
            if (c == '+') return 62;
            if (c == '/') return 63;
            return -1;
        }
    }
}

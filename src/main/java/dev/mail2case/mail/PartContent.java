package dev.mail2case.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.SharedInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mail2case.mail.HeaderText.*;
import static dev.mail2case.mail.KeptParts.*;
import static dev.mail2case.mail.PartHeaders.*;

/** A part's content: transfer encoding undone once, within the limits, text decoded by its charset. */
final class PartContent {

    private PartContent() {
    }

    static final int TWO_PASS_BYTES = 4 * 1024 * 1024;
    static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)");
    static final Pattern UU_BEGIN = Pattern.compile("(?m)^begin(?:-base64)? ([0-7]{3,4}) ([^\\r\\n]+)\\r?$");
    record Read(byte[] bytes) {
    }

    /**
     * The decoded content of a part within the limits; null bytes (with a placeholder stored) when it
     * is too large. Broken encodings keep what could be decoded.
     */
    static Read readContent(Part part, ReadState c, String name, String type) {
        long cap = Math.min(c.limits.maxPartBytes(), Math.max(0, c.limits.maxMessageBytes() - c.kept));
        long arrayMax = Integer.MAX_VALUE - 16; // a byte[] cannot hold more
        int estimate = 0;
        try {
            estimate = Math.max(0, part.getSize());
        } catch (MessagingException ignored) {
            // no hint
        }
        try {
            if (estimate > TWO_PASS_BYTES) {
                // A large part is counted first so it is held once, in an array of its exact size.
                long size = count(part, c);
                if (size > Math.min(cap, arrayMax)) {
                    placeholder(c, name, type, size, placeholderLimit(c, size, cap, arrayMax));
                    return new Read(null);
                }
                return new Read(readExactly(part, c, (int) size));
            }
            byte[] fast = "base64".equals(encoding(part)) ? base64(part) : null;
            if (fast != null) {
                return kept(part, fast, fast.length, false, Math.min(cap, arrayMax), c, name, type, cap, arrayMax);
            }
            try (InputStream in = decoded(part, c)) {
                return readBounded(part, in, Math.min(cap, arrayMax), c, name, type, cap, arrayMax);
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            c.defect("The part " + name + " could not be read: " + shorten(String.valueOf(e.getMessage()), 60));
            return new Read(new byte[0]);
        }
    }

    static long placeholderLimit(ReadState c, long size, long cap, long arrayMax) {
        return size > arrayMax && arrayMax < cap ? arrayMax
                : size > c.limits.maxPartBytes() ? c.limits.maxPartBytes() : c.limits.maxMessageBytes();
    }

    /**
     * One decoding pass: the bytes when they stay within {@code max}, else a placeholder naming the
     * part's whole decoded size (the rest is only counted, never held).
     */
    static Read readBounded(Part part, InputStream in, long max, ReadState c, String name, String type, long cap,
                            long arrayMax) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        boolean broken = false;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total <= max) out.write(buf, 0, n);
                else if (out.size() > 0) out = new ByteArrayOutputStream(0);
            }
        } catch (IOException e) {
            broken = true;
        }
        return kept(part, total > max ? null : out.toByteArray(), total, broken, max, c, name, type, cap, arrayMax);
    }

    private static Read kept(Part part, byte[] bytes, long total, boolean broken, long max, ReadState c, String name,
                             String type, long cap, long arrayMax) {
        if (total > max) {
            placeholder(c, name, type, total, placeholderLimit(c, total, cap, arrayMax));
            return new Read(null);
        }
        if (broken) c.defect("A part's encoding is broken; what could be decoded was kept.");
        if (!broken) share(c, part, bytes);
        return new Read(bytes);
    }

    /**
     * A base64 part decoded by the JDK's MIME decoder, several times faster than Angus Mail's stream; null
     * where the JDK refuses the input (padding before the end, a lone last character), which then takes
     * the lenient stream as before. Both skip what is not in the alphabet and both decode a last unit
     * without its padding, so whatever the JDK accepts comes out byte for byte as the lenient stream has
     * it; except the byte 0xFF, which Angus Mail's table reads as "A": a part holding one goes its way.
     */
    static byte[] base64(Part part) {
        try (InputStream raw = raw(part)) {
            byte[] encoded = raw.readAllBytes();
            for (byte b : encoded) {
                if (b == (byte) 0xFF) {
                    return null;
                }
            }
            return Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException | IOException | MessagingException e) {
            return null;
        }
    }

    /** Keeps a part's decoded bytes for the report parts, so the same part is not decoded a second time. */
    private static void share(ReadState c, Part part, byte[] bytes) {
        String enc = encoding(part);
        if (enc == null || enc.equals("8bit")) c.decoded.put(part, new ReportParts.Decoded(null, bytes));
        else if (enc.equals("base64") || enc.equals("quoted-printable")) c.decoded.put(part, new ReportParts.Decoded(enc, bytes));
    }

    static long count(Part part, ReadState c) throws IOException, MessagingException {
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = decoded(part, c)) {
            int n;
            while (true) {
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    break;
                }
                if (n < 0) break;
                total += n;
            }
        }
        return total;
    }

    /** Second pass of a large part: one array of exactly the decoded size, no growing copies. */
    static byte[] readExactly(Part part, ReadState c, int size) throws IOException, MessagingException {
        byte[] out = new byte[size];
        int off = 0;
        try (InputStream in = decoded(part, c)) {
            while (off < size) {
                int n = in.read(out, off, size - off);
                if (n < 0) break;
                off += n;
            }
        }
        return off == size ? out : Arrays.copyOf(out, off);
    }

    static byte[] readLenient(InputStream in, ReadState c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        try {
            int n;
            while ((n = in.read(buf)) > 0) out.write(buf, 0, n);
        } catch (IOException e) {
            c.defect("A part's encoding is broken; what could be decoded was kept.");
        }
        return out.toByteArray();
    }

    /** The transfer-decoded stream; an unknown Content-Transfer-Encoding is read as it is. */
    static InputStream decoded(Part part, ReadState c) throws MessagingException, IOException {
        InputStream raw = raw(part);
        String enc = encoding(part);
        if (enc == null || enc.equals("7bit") || enc.equals("8bit") || enc.equals("binary")) return raw;
        if (enc.equals("base64") || enc.equals("quoted-printable") || enc.equals("uuencode")
                || enc.equals("x-uuencode") || enc.equals("x-uue")) {
            return MimeUtility.decode(raw, enc);
        }
        c.defect("Unknown Content-Transfer-Encoding \"" + shorten(enc, 30) + "\"; the part was read as it is.");
        return raw;
    }

    /** A decoded stream that shares the mail's buffer when the part is not transfer-encoded. */
    static InputStream sharedDecoded(Part part) throws MessagingException, IOException {
        String enc = encoding(part);
        if (enc == null || enc.equals("7bit") || enc.equals("8bit") || enc.equals("binary")) {
            InputStream raw = raw(part);
            return raw instanceof SharedInputStream ? raw : null;
        }
        return null;
    }

    static InputStream raw(Part part) throws MessagingException, IOException {
        if (part instanceof MimeBodyPart bp) return bp.getRawInputStream();
        if (part instanceof MimeMessage m) return m.getRawInputStream();
        return part.getInputStream();
    }

    static String encoding(Part part) {
        try {
            String[] v = part.getHeader("Content-Transfer-Encoding");
            if (v == null || v.length == 0) return null;
            String e = v[0].replaceAll("\\(.*?\\)", "").replace("\"", "").trim().toLowerCase(Locale.ROOT);
            int semi = e.indexOf(';');
            if (semi >= 0) e = e.substring(0, semi).trim();
            if (e.isEmpty()) return null;
            // Variants seen in real mail: "7-bit", "8bits", "quoted printable", "Base-64".
            String k = e.replaceAll("[^a-z0-9]", "");
            if (k.equals("base64")) return "base64";
            if (k.startsWith("quotedprint") || k.equals("qp")) return "quoted-printable";
            if (k.matches("7bits?|8bits?|binary|none|plain|text")) return "8bit";
            if (k.equals("uuencode") || k.equals("xuuencode") || k.equals("xuue")) return "x-uuencode";
            return e;
        } catch (MessagingException e) {
            return null;
        }
    }

    /** A text part decoded with its declared charset (aliases honoured), never throwing. */
    static String text(Part part, ReadState c) {
        boolean html = isHtml(part, c);
        Read r = readContent(part, c, html ? "message.html" : "message.txt", html ? "text/html" : "text/plain");
        byte[] bytes = r == null || r.bytes() == null ? new byte[0] : r.bytes();
        String declared = param(part, "charset");
        if (declared == null && html) {
            Matcher m = META_CHARSET.matcher(new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.ISO_8859_1));
            if (m.find()) declared = m.group(1);
        }
        if (declared != null && MailCharsets.isUnknown(declared)) {
            c.defect("Unknown charset \"" + shorten(declared, 30) + "\"; the text was decoded by guessing.");
        }
        return MailCharsets.decode(bytes, declared);
    }

    static boolean isHtml(Part part, ReadState c) {
        return mimeType(part, c).equals("text/html");
    }

    static String extractUuencoded(String text, ReadState c) {
        if (!text.contains("begin ")) return text;
        Matcher m = UU_BEGIN.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find(last)) {
            int endIdx = text.indexOf("\nend", m.end());
            if (endIdx < 0) break;
            String block = text.substring(m.start(), Math.min(text.length(), endIdx + 4)) + "\n";
            try {
                InputStream in = MimeUtility.decode(new ByteArrayInputStream(block.getBytes(StandardCharsets.ISO_8859_1)),
                        "uuencode");
                byte[] bytes = readLenient(in, c);
                String name = m.group(2).trim();
                storeChecked(c, name, name, guessType(name), null, false, bytes);
                out.append(text, last, m.start());
            } catch (MessagingException | RuntimeException e) {
                c.defect("A uuencoded block could not be decoded; it stays in the text.");
                out.append(text, last, Math.min(text.length(), endIdx + 4));
            }
            int lineEnd = text.indexOf('\n', endIdx + 1);
            last = lineEnd < 0 ? text.length() : lineEnd + 1;
        }
        out.append(text.substring(Math.min(last, text.length())));
        return out.toString();
    }
}

package dev.mail2case.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mail2case.mail.MailHeaders.*;
import static dev.mail2case.mail.PartContent.*;

/** The raw bytes made readable: line endings repaired, leading blank lines and an mbox "From " line skipped. */
final class RawMail {

    private RawMail() {
    }

    static final Pattern HEADER_LINE = Pattern.compile("^[!-9;-~]{1,76}:");
    static final String MIXED = "Line endings are mixed (CRLF and LF).";

    static boolean mixed(long crlf, long lf) {
        return crlf > 0 && lf > 0 && Math.min(crlf, lf) * 20 > Math.max(crlf, lf);
    }

    /** Counts of bare LF, CRLF and bare CR in a file, streaming. */
    static long[] lineEndings(Path file) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long[] counts = new long[3];
        int prev = -1;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') counts[prev == '\r' ? 1 : 0]++;
                    else if (prev == '\r') counts[2]++;
                    prev = buf[i];
                }
            }
        }
        if (prev == '\r') counts[2]++;
        return counts;
    }

    record Prepared(byte[] bytes, int start, Charset hint) {
    }

    static final Pattern ANY_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)");

    /** The first non-ASCII, non-UTF-8 charset a part declares: the best guess for raw 8-bit headers. */
    static Charset charsetHint(byte[] bytes, int start) {
        int end = Math.min(bytes.length, start + 64 * 1024);
        // The pattern is only tried where the word stands: a scan of the bytes is far cheaper than a
        // case-insensitive search through a string of the whole text.
        for (int i = indexOfCharset(bytes, start, end); i >= 0; i = indexOfCharset(bytes, i + 1, end)) {
            Matcher m = ANY_CHARSET.matcher(new String(bytes, i, Math.min(end - i, 1024), StandardCharsets.ISO_8859_1));
            if (!m.lookingAt()) continue;
            Charset cs = MailCharsets.lookup(m.group(1));
            if (cs != null && !cs.name().equals("UTF-8") && !cs.name().equals("windows-1252")
                    && !cs.name().equals("US-ASCII")) {
                return cs;
            }
        }
        return null;
    }

    private static final byte[] CHARSET = "charset".getBytes(StandardCharsets.US_ASCII);

    /** Where "charset" (any case) next starts in {@code bytes[from, end)}, or -1. */
    private static int indexOfCharset(byte[] bytes, int from, int end) {
        outer:
        for (int i = from; i <= end - CHARSET.length; i++) {
            for (int j = 0; j < CHARSET.length; j++) {
                if ((bytes[i + j] | 0x20) != CHARSET[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    /** Line endings repaired, leading blank lines and an mbox "From " line skipped. */
    static Prepared prepare(byte[] raw, List<String> defects) {
        int lf = 0;
        int crlf = 0;
        int bareCr = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\r') {
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    crlf++;
                    i++;
                } else {
                    bareCr++;
                }
            } else if (raw[i] == '\n') {
                lf++;
            }
        }
        byte[] bytes = raw;
        if (bareCr > 0) {
            defects.add(lf + crlf == 0 ? "Line endings are CR only; they were read as line breaks."
                    : "Line endings are mixed (bare CR among LF); they were normalised.");
            bytes = new byte[raw.length];
            for (int i = 0; i < raw.length; i++) {
                bytes[i] = raw[i] == '\r' && (i + 1 >= raw.length || raw[i + 1] != '\n') ? (byte) '\n' : raw[i];
            }
        } else if (mixed(crlf, lf)) {
            defects.add(MIXED);
        }
        int start = 0;
        boolean blank = false;
        while (start < bytes.length && (bytes[start] == '\n' || bytes[start] == '\r' || bytes[start] == ' '
                || bytes[start] == '\t')) {
            int eol = start;
            while (eol < bytes.length && bytes[eol] != '\n') eol++;
            boolean onlyWs = true;
            for (int i = start; i < eol; i++) {
                if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') onlyWs = false;
            }
            if (!onlyWs) break;
            blank = true;
            start = Math.min(bytes.length, eol + 1);
        }
        if (blank) defects.add("The mail starts with a blank line before its headers.");
        if (bytes.length - start > 5 && new String(bytes, start, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
            while (start < bytes.length && bytes[start] != '\n') start++;
            start = Math.min(bytes.length, start + 1);
        }
        // A file with no header line at the top is not a mail.
        String head = new String(bytes, start, Math.min(bytes.length - start, 4096), StandardCharsets.ISO_8859_1);
        boolean headerSeen = false;
        java.util.regex.Matcher headerLine = HEADER_LINE.matcher(head);
        for (int lines = 0, from = 0; lines < 16 && from <= head.length(); lines++) {
            int eol = head.indexOf('\n', from);
            int end = eol < 0 ? head.length() : eol > from && head.charAt(eol - 1) == '\r' ? eol - 1 : eol;
            if (headerLine.region(from, end).find()) {
                headerSeen = true;
                break;
            }
            if (eol < 0) break;
            from = eol + 1;
        }
        if (!headerSeen) {
            boolean binary = bytes.length - start == 0;
            for (int i = start; i < Math.min(bytes.length, start + 4096); i++) if (bytes[i] == 0) binary = true;
            if (binary) throw new MailReadException("not a mail: empty or binary data without headers", null);
            // Text without headers: all of it is body.
            defects.add("The mail has no headers; all of it was read as the body.");
            byte[] withBlank = new byte[bytes.length - start + 2];
            withBlank[0] = '\r';
            withBlank[1] = '\n';
            System.arraycopy(bytes, start, withBlank, 2, bytes.length - start);
            return new Prepared(withBlank, 0, charsetHint(withBlank, 0));
        }
        return new Prepared(bytes, start, charsetHint(bytes, start));
    }
}

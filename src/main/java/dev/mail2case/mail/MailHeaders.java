package dev.mail2case.mail;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;

import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mail2case.mail.HeaderText.*;
import static dev.mail2case.mail.PartHeaders.*;

/** The mail's own headers: decoding, addresses, dates and Message-IDs, each problem noted as a defect. */
final class MailHeaders {

    private MailHeaders() {
    }

    /** Building the format costs more than parsing with it; it keeps no state between parses. */
    private static final ThreadLocal<MailDateFormat> DATE_FORMAT = ThreadLocal.withInitial(MailDateFormat::new);
    static final Pattern ZONE = Pattern.compile("([+-])(\\d{2}):?(\\d{2})\\s*(\\([^)]*\\))?\\s*$");
    static final Pattern EMAIL = Pattern.compile("[^\\s<>,;:\"()\\[\\]]+@[^\\s<>,;:\"()\\[\\]]+");
    static Map<String, List<String>> rawHeaders(Part part) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        try {
            for (Enumeration<Header> e = part.getAllHeaders(); e.hasMoreElements(); ) {
                Header h = e.nextElement();
                if (h.getName() == null || h.getName().isBlank()) continue;
                map.computeIfAbsent(h.getName().trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.getValue() == null ? "" : h.getValue());
            }
        } catch (MessagingException e) {
            // headers unreadable: an empty map makes every field "missing"
        }
        return map;
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Charset of the first text part, a better guess for raw 8-bit headers than windows-1252. */
    static Charset bodyCharset(MimeMessage msg) {
        try {
            String ct = msg.getHeader("Content-Type", null);
            if (ct == null) return null;
            Matcher m = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)").matcher(ct);
            if (m.find()) {
                Charset cs = MailCharsets.lookup(m.group(1));
                if (cs != null && !cs.name().equals("US-ASCII") && !cs.name().equals("UTF-8")) return cs;
            }
        } catch (MessagingException e) {
            // no hint
        }
        return null;
    }

    // --- addresses and dates ----------------------------------------------------------------------

    /**
     * The sender: the first From with a usable address; when From is empty or the null sender
     * {@code <>}, Reply-To then Sender stand in (where replies would go); a bare null sender is kept as
     * an empty address with its display name (MAILER-DAEMON).
     */
    static MailAddress firstAddress(ReadState c, Map<String, List<String>> headers) {
        List<MailAddress> from = addresses(c, headers, "from");
        for (MailAddress a : from) if (!a.address().isEmpty()) return a;
        for (String alt : List.of("reply-to", "sender")) {
            for (MailAddress a : addresses(c, headers, alt)) {
                if (!a.address().isEmpty()) {
                    if (headers.containsKey("from")) {
                        c.defect("The From header holds no usable address; " + alt + " was used as the sender.");
                    }
                    return from.isEmpty() ? a : new MailAddress(a.address(), from.get(0).name() != null
                            ? from.get(0).name() : a.name());
                }
            }
        }
        if (!from.isEmpty()) return from.get(0);
        if (headers.containsKey("from")) {
            c.defect("The From header holds no readable address.");
        }
        return null;
    }

    static final Pattern ONE_WORD = Pattern.compile("=\\?[^?\\s]+\\?[bBqQ]\\?[^?]*?\\?=");

    /**
     * Encoded words in an address header decoded by us (lenient charsets) into quoted strings before
     * the address parser sees them, so a decoded comma cannot split the list.
     */
    static String decodeWordsForParsing(String raw) {
        if (!raw.contains("=?")) return raw;
        Matcher m = ONE_WORD.matcher(raw);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int from = 0;
        while (from < raw.length() && m.find(from)) {
            int start = m.start();
            int end = m.end();
            // extend over adjacent words separated only by white space (iteratively: no regex recursion)
            while (end < raw.length() && m.find(end) && raw.substring(end, m.start()).isBlank()) end = m.end();
            from = end;
            String before = raw.substring(0, start);
            if (before.lastIndexOf('<') > before.lastIndexOf('>')) continue; // inside <address>
            boolean quoted = before.replace("\\\"", "").chars().filter(ch -> ch == '"').count() % 2 == 1;
            String decoded = EncodedWords.decode(raw.substring(start, end)).replace("\\", "\\\\").replace("\"", "\\\"");
            out.append(raw, last, start).append(quoted ? decoded : "\"" + decoded + "\"");
            last = end;
        }
        return out.append(raw.substring(last)).toString();
    }
    static final Pattern LOCAL_ONLY = Pattern.compile("[A-Za-z0-9._+-]+");

    static List<MailAddress> addresses(ReadState c, Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        if (values == null) return List.of();
        List<MailAddress> out = new ArrayList<>();
        for (String value : values) {
            String raw = MailCharsets.rawHeader(unfold(value), c.headerFallback);
            if (raw.isBlank()) continue;
            raw = decodeWordsForParsing(raw);
            if (raw.trim().matches("(?s)(.*<\\s*>|<>)\\s*")) {
                String n = raw.trim().replaceFirst("<\\s*>\\s*$", "").trim().replaceAll("^\"|\"$", "");
                n = EncodedWords.decode(n).trim();
                out.add(new MailAddress("", n.isEmpty() ? null : n));
                continue;
            }
            try {
                InternetAddress[] parsed = InternetAddress.parseHeader(raw, false);
                for (InternetAddress ia : parsed) {
                    String address = ia.getAddress();
                    if (ia.isGroup()) continue;
                    if (address == null || address.isBlank()) continue;
                    address = address.trim();
                    if (!address.contains("@") && !LOCAL_ONLY.matcher(address).matches()) continue;
                    String personal = ia.getPersonal();
                    personal = personal == null ? null : EncodedWords.decode(personal).trim();
                    if (personal != null && personal.isEmpty()) personal = null;
                    if (address.contains("=?")) address = EncodedWords.decode(address);
                    out.add(new MailAddress(address, personal));
                }
            } catch (MessagingException | RuntimeException e) {
                c.defect("The " + name + " header could not be parsed; addresses were picked out of it.");
                Matcher m = EMAIL.matcher(raw);
                while (m.find()) out.add(new MailAddress(m.group(), null));
            }
            if (name.equals("from") && out.stream().anyMatch(a -> !a.address().isEmpty())) break;
        }
        return out;
    }

    static OffsetDateTime date(String raw, ReadState c) {
        if (raw == null || raw.isBlank()) return null;
        String v = unfold(raw).trim();
        try {
            Date d = DATE_FORMAT.get().parse(v);
            if (d == null) throw new IllegalArgumentException();
            ZoneOffset offset = ZoneOffset.UTC;
            Matcher m = ZONE.matcher(v);
            if (m.find()) {
                int h = Integer.parseInt(m.group(2));
                int min = Integer.parseInt(m.group(3));
                if (h <= 18 && min < 60) {
                    int secs = h * 3600 + min * 60;
                    offset = ZoneOffset.ofTotalSeconds(m.group(1).equals("-") ? -secs : secs);
                }
            }
            return d.toInstant().atOffset(offset);
        } catch (java.text.ParseException | RuntimeException e) {
            OffsetDateTime loose = looseDate(v);
            c.defect("The Date header is not RFC 5322" + (loose == null ? " and could not be read: " : ": ") + shorten(v, 60));
            return loose;
        }
    }

    static final List<java.time.format.DateTimeFormatter> LOOSE_DATES = List.of(
            java.time.format.DateTimeFormatter.ofPattern("MMMM d, yyyy h:mm a", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("d.M.yyyy HH:mm", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ENGLISH));

    /** Dates some clients write instead of RFC 5322 ones; read as UTC when no zone is given. */
    static OffsetDateTime looseDate(String v) {
        try {
            return OffsetDateTime.parse(v);
        } catch (RuntimeException ignored) {
            // try the local forms
        }
        for (java.time.format.DateTimeFormatter f : LOOSE_DATES) {
            try {
                // a weekday name is often wrong; the date itself decides
                String t = v.replaceAll("\\s+", " ").trim().replaceFirst("^[A-Za-z]+,? (?=[A-Za-z]|\\d{4}-)", "");
                return java.time.LocalDateTime.parse(t, f).atOffset(ZoneOffset.UTC);
            } catch (RuntimeException ignored) {
                // next form
            }
        }
        return null;
    }

    static String firstId(String raw) {
        List<String> ids = ids(raw);
        if (!ids.isEmpty()) return ids.get(0);
        return raw == null ? null : stripBrackets(unfold(raw));
    }

    static List<String> ids(String raw) {
        if (raw == null) return List.of();
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<([^<>\\s]+)>").matcher(raw);
        while (m.find()) out.add(m.group(1));
        if (out.isEmpty()) {
            for (String t : unfold(raw).trim().split("[\\s,]+")) {
                if (t.contains("@")) out.add(stripBrackets(t));
            }
        }
        return out;
    }
}

package dev.mail2case.mail;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.SharedInputStream;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw mail bytes to an {@link InboundMail}. The pipeline and the inspect command both use this.
 *
 * <p>Never throws for a damaged mail: whatever can be read is kept and each problem is recorded in
 * {@link InboundMail#defects()}. Only input that is not a mail at all raises {@link MailReadException}.
 *
 * <p>Rules worth knowing:
 * <ul>
 *   <li>Body: text/plain is the comment text; HTML is kept sanitised ({@link HtmlBody}); an HTML-only
 *   mail gets a readable text rendering.</li>
 *   <li>Inline images keep their Content-ID and {@code inline=true}; the sanitised HTML keeps
 *   {@code cid:} references only when such an attachment exists.</li>
 *   <li>A nested message/rfc822 is kept as an {@code .eml} attachment and its own attachments are
 *   extracted as well.</li>
 *   <li>winmail.dat (application/ms-tnef) is replaced by the files it carries; it is kept as it is
 *   only when it cannot be decoded, so nothing is lost.</li>
 *   <li>uuencoded blocks in text bodies become attachments and leave the text.</li>
 *   <li>S/MIME and PGP parts are kept as opaque attachments; nothing is decrypted.</li>
 *   <li>A part over {@link Limits} is replaced by a small text placeholder naming it and its size and
 *   listed in {@link InboundMail#oversizedParts()}.</li>
 * </ul>
 */
public class MailReader {

    /**
     * Size limits of one account. {@code maxMessageBytes} bounds the sum of kept attachment sizes
     * (and flags a raw mail larger than it); {@code maxPartBytes} bounds each decoded part.
     */
    public record Limits(long maxMessageBytes, long maxPartBytes) {
        public static final Limits NONE = new Limits(Long.MAX_VALUE, Long.MAX_VALUE);

        public Limits {
            if (maxMessageBytes <= 0 || maxPartBytes <= 0) throw new IllegalArgumentException("limits must be positive");
        }
    }

    static {
        // Broken base64 should cost the broken bytes, not the part.
        if (System.getProperty("mail.mime.base64.ignoreerrors") == null) {
            System.setProperty("mail.mime.base64.ignoreerrors", "true");
        }
    }

    private static final int MAX_DEPTH = 30;
    /** Parts read from one mail; the rest stay in the raw mail (a mail of 5,000 parts is an attack). */
    static final int MAX_PARTS = 500;
    /** HTML nested deeper than this is not rendered: the HTML parser's work grows with depth squared. */
    static final int MAX_HTML_DEPTH = 1000;
    /** Time one mail may take to read before the rest of its parts are left in the raw mail. */
    static final long MAX_READ_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private static final int TWO_PASS_BYTES = 4 * 1024 * 1024;
    private static final Pattern HEADER_LINE = Pattern.compile("^[!-9;-~]{1,76}:");
    private static final Pattern META_CHARSET = Pattern.compile("(?i)<meta[^>]+charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)");
    private static final Pattern UU_BEGIN = Pattern.compile("(?m)^begin(?:-base64)? ([0-7]{3,4}) ([^\\r\\n]+)\\r?$");
    private static final Pattern ZONE = Pattern.compile("([+-])(\\d{2}):?(\\d{2})\\s*(\\([^)]*\\))?\\s*$");
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>,;:\"()\\[\\]]+@[^\\s<>,;:\"()\\[\\]]+");
    private static final Set<String> SINGLE_HEADERS = Set.of("from", "subject", "date", "message-id", "to",
            "content-type", "content-transfer-encoding", "mime-version");

    private final Session session;
    private final Limits limits;

    public MailReader() {
        this(Limits.NONE);
    }

    public MailReader(Limits limits) {
        this.limits = limits == null ? Limits.NONE : limits;
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.multipart.ignoremissingendboundary", "true");
        props.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "true");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        props.setProperty("mail.mime.decodefilename", "false");
        props.setProperty("mail.mime.decodeparameters", "true");
        this.session = Session.getInstance(props);
    }

    public Limits limits() {
        return limits;
    }

    /** Reads a mail held in memory; the bytes are not copied unless line endings need repair. */
    public InboundMail read(byte[] raw) {
        if (raw == null) throw new MailReadException("not a mail: no bytes", null);
        List<String> defects = new ArrayList<>();
        Prepared p = prepare(raw, defects);
        // report parts come from this parse only when it saw the bytes as they are
        return read(new SharedByteArrayInputStream(p.bytes, p.start, p.bytes.length - p.start),
                p.bytes.length - p.start, defects, p.hint, p.bytes == raw && p.start == 0 ? raw : null);
    }

    /** Reads a mail from a stream (read fully into memory first). */
    public InboundMail read(InputStream in) {
        try {
            return read(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a mail from a file, streaming: parts are read from the file, so a large attachment costs
     * about its own decoded size in heap and the raw mail is never held in memory.
     */
    public InboundMail read(Path file) throws IOException {
        long size = Files.size(file);
        List<String> defects = new ArrayList<>();
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes((int) Math.min(size, 64 * 1024));
        }
        long[] lines = size > head.length ? lineEndings(file) : null;
        if (lines != null && lines[2] == 0) {
            Prepared p = prepare(head, defects);
            defects.remove(MIXED);
            if (mixed(lines[1], lines[0])) defects.add(0, MIXED);
            if (p.bytes() != head) return read(Files.readAllBytes(file));
            SharedFileInputStream sfis = new SharedFileInputStream(file.toFile());
            try {
                InputStream body = (InputStream) sfis.newStream(p.start, -1);
                return read(body, size - p.start, defects, p.hint, null);
            } finally {
                sfis.close();
            }
        }
        return read(Files.readAllBytes(file));
    }

    private static final String MIXED = "Line endings are mixed (CRLF and LF).";

    private static boolean mixed(long crlf, long lf) {
        return crlf > 0 && lf > 0 && Math.min(crlf, lf) * 20 > Math.max(crlf, lf);
    }

    /** Counts of bare LF, CRLF and bare CR in a file, streaming. */
    private static long[] lineEndings(Path file) throws IOException {
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

    private record Prepared(byte[] bytes, int start, Charset hint) {
    }

    private static final Pattern ANY_CHARSET = Pattern.compile("(?i)charset\\s*=\\s*[\"']?([A-Za-z0-9_.:-]+)");

    /** The first non-ASCII, non-UTF-8 charset a part declares: the best guess for raw 8-bit headers. */
    private static Charset charsetHint(byte[] bytes, int start) {
        Matcher m = ANY_CHARSET.matcher(new String(bytes, start, Math.min(bytes.length - start, 64 * 1024),
                StandardCharsets.ISO_8859_1));
        while (m.find()) {
            Charset cs = MailCharsets.lookup(m.group(1));
            if (cs != null && !cs.name().equals("UTF-8") && !cs.name().equals("windows-1252")
                    && !cs.name().equals("US-ASCII")) {
                return cs;
            }
        }
        return null;
    }

    /** Line endings repaired, leading blank lines and an mbox "From " line skipped. */
    private static Prepared prepare(byte[] raw, List<String> defects) {
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
        int lines = 0;
        for (String line : head.split("\r?\n", 20)) {
            if (lines++ >= 16) break;
            if (HEADER_LINE.matcher(line).find()) {
                headerSeen = true;
                break;
            }
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

    // ---------------------------------------------------------------------------------------------

    /** State of one reading. */
    private final class Ctx {
        final List<String> defects;
        final AttachmentNames names = new AttachmentNames();
        final List<MailAttachment> attachments = new ArrayList<>();
        final List<InboundMail.OversizedPart> oversized = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        boolean hasText;
        String html;
        long kept;
        Charset headerFallback = MailCharsets.FALLBACK;
        final long deadline = System.nanoTime() + MAX_READ_NANOS;
        int parts;
        int skipped;
        boolean outOfTime;

        Ctx(List<String> defects) {
            this.defects = defects;
        }

        void defect(String d) {
            if (!defects.contains(d) && defects.size() < 100) defects.add(d);
        }
    }

    private InboundMail read(InputStream in, long rawSize, List<String> defects, Charset hint, byte[] reportSource) {
        MimeMessage msg;
        try {
            msg = new MimeMessage(session, in);
        } catch (MessagingException e) {
            throw new MailReadException("not a mail: " + e.getMessage(), e);
        }
        Ctx c = new Ctx(defects);
        if (rawSize > limits.maxMessageBytes()) {
            c.defect("The mail is " + rawSize + " bytes, over the limit of " + limits.maxMessageBytes() + " bytes.");
        }
        Map<String, List<String>> rawHeaders = rawHeaders(msg);
        Charset fallback = bodyCharset(msg);
        if (fallback == null) fallback = hint;
        if (fallback != null) c.headerFallback = fallback;
        Map<String, List<String>> headers = new LinkedHashMap<>();
        rawHeaders.forEach((name, values) -> {
            List<String> decoded = new ArrayList<>(values.size());
            for (String v : values) decoded.add(decodeHeader(v, c.headerFallback));
            headers.put(name, decoded);
            if (values.size() > 1 && SINGLE_HEADERS.contains(name)) {
                c.defect("The " + name + " header appears " + values.size() + " times; the first one is used.");
            }
        });
        if (!rawHeaders.containsKey("from")) c.defect("The mail has no From header.");
        if (!rawHeaders.containsKey("content-type") && rawHeaders.containsKey("mime-version")) {
            c.defect("The mail has no Content-Type header; it was read as text/plain.");
        }

        try {
            walk(msg, c, 0, true, false);
        } catch (StackOverflowError e) {
            c.defect("The MIME structure is too deeply nested to read completely; the rest was skipped.");
        }
        ReportParts report = reportSource == null ? null : ReportParts.of(msg, reportSource);

        if (c.skipped > 0) {
            String why = c.outOfTime ? "reading it took longer than " + MAX_READ_NANOS / 1_000_000_000 + " seconds"
                    : "it has more than " + MAX_PARTS + " parts";
            c.defect("Only part of the mail was read because " + why + "; " + c.skipped
                    + " parts were left out (they are in the raw mail).");
            String note = "This mail was not read completely because " + why + ". " + c.skipped
                    + " of its parts were left out; the original mail is kept whole.\n";
            c.attachments.add(new MailAttachment(c.names.unique("parts left out.txt"), null, "text/plain", null, false,
                    note.getBytes(StandardCharsets.UTF_8)));
        }
        if (c.html != null && htmlDepth(c.html) > MAX_HTML_DEPTH) {
            c.defect("The HTML body is nested more than " + MAX_HTML_DEPTH
                    + " levels deep; it was not rendered, only its words were kept (the original is attached).");
            storeChecked(c, "message.html", null, "text/html", null, false, c.html.getBytes(StandardCharsets.UTF_8));
            String words = c.html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
            if (!c.hasText || c.text.toString().isBlank()) {
                c.text.setLength(0);
                c.text.append("[The HTML of this mail is nested too deeply to show; its words follow, and the ")
                        .append("original is attached as message.html.]\n\n").append(words);
                c.hasText = true;
            }
            c.html = null;
        }

        String messageId = firstId(first(rawHeaders, "message-id"));
        String inReplyTo = firstId(first(rawHeaders, "in-reply-to"));
        List<String> refs = new ArrayList<>(ids(first(rawHeaders, "references")));
        if (inReplyTo != null && !refs.contains(inReplyTo)) refs.add(inReplyTo);

        String text;
        String contentType;
        String html = null;
        Set<String> cids = new HashSet<>();
        for (MailAttachment a : c.attachments) if (a.contentId() != null) cids.add(a.contentId());
        String htmlText = null;
        if (c.html != null) {
            try {
                HtmlBody.Rendered rendered = HtmlBody.render(c.html, cids);
                html = rendered.html();
                htmlText = rendered.text();
            } catch (RuntimeException | StackOverflowError e) {
                c.defect("The HTML body could not be sanitised and was dropped.");
            }
        }
        if (c.hasText && (!c.text.toString().isBlank() || c.html == null)) {
            text = c.text.toString();
            contentType = "text/plain";
        } else if (c.html != null) {
            text = htmlText != null ? htmlText : safeToText(c.html, c);
            contentType = "text/html";
        } else {
            text = "";
            contentType = "text/plain";
        }
        return new InboundMail(messageId, firstAddress(c, rawHeaders), addresses(c, rawHeaders, "to"),
                addresses(c, rawHeaders, "cc"), addresses(c, rawHeaders, "reply-to"),
                decodeHeader(unfold(first(rawHeaders, "subject")), c.headerFallback),
                date(first(rawHeaders, "date"), c), headers, contentType, text, html, c.attachments, inReplyTo, refs,
                c.defects, c.oversized, report);
    }

    /** How deep the tags of an HTML text nest at most, by a single scan (no parsing). */
    static int htmlDepth(String html) {
        int depth = 0;
        int max = 0;
        int n = html.length();
        for (int i = 0; i < n - 1; i++) {
            if (html.charAt(i) != '<') continue;
            char next = html.charAt(i + 1);
            int end = html.indexOf('>', i + 1);
            if (end < 0) break;
            if (next == '/') {
                if (depth > 0) depth--;
            } else if (Character.isLetter(next) && html.charAt(end - 1) != '/' && !voidElement(html, i + 1, end)) {
                max = Math.max(max, ++depth);
            }
            i = end;
        }
        return max;
    }

    private static final Set<String> VOID_ELEMENTS = Set.of("area", "base", "br", "col", "embed", "hr", "img", "input",
            "link", "meta", "param", "source", "track", "wbr", "p", "li", "td", "tr", "th", "option");

    private static boolean voidElement(String html, int from, int end) {
        int i = from;
        while (i < end && (Character.isLetterOrDigit(html.charAt(i)))) i++;
        return VOID_ELEMENTS.contains(html.substring(from, i).toLowerCase(java.util.Locale.ROOT));
    }

    private static String safeToText(String html, Ctx c) {
        try {
            return HtmlBody.toText(html);
        } catch (RuntimeException | StackOverflowError e) {
            c.defect("The HTML body could not be turned into text.");
            return "";
        }
    }

    private static Map<String, List<String>> rawHeaders(Part part) {
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

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String unfold(String v) {
        return v == null ? null : v.replaceAll("\\r?\\n(?=[ \\t])", "").replaceAll("[\\r\\n]", "");
    }

    /** Raw 8-bit bytes recovered, encoded words decoded. */
    static String decodeHeader(String raw, Charset fallback) {
        if (raw == null) return null;
        return EncodedWords.decode(MailCharsets.rawHeader(unfold(raw), fallback)).trim();
    }

    /** Charset of the first text part, a better guess for raw 8-bit headers than windows-1252. */
    private static Charset bodyCharset(MimeMessage msg) {
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
    private MailAddress firstAddress(Ctx c, Map<String, List<String>> headers) {
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

    private static final Pattern ONE_WORD = Pattern.compile("=\\?[^?\\s]+\\?[bBqQ]\\?[^?]*?\\?=");

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
    private static final Pattern LOCAL_ONLY = Pattern.compile("[A-Za-z0-9._+-]+");

    private List<MailAddress> addresses(Ctx c, Map<String, List<String>> headers, String name) {
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

    private static OffsetDateTime date(String raw, Ctx c) {
        if (raw == null || raw.isBlank()) return null;
        String v = unfold(raw).trim();
        try {
            Date d = new MailDateFormat().parse(v);
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

    private static final List<java.time.format.DateTimeFormatter> LOOSE_DATES = List.of(
            java.time.format.DateTimeFormatter.ofPattern("MMMM d, yyyy h:mm a", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("d.M.yyyy HH:mm", Locale.ENGLISH),
            java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ENGLISH));

    /** Dates some clients write instead of RFC 5322 ones; read as UTC when no zone is given. */
    private static OffsetDateTime looseDate(String v) {
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

    private static String firstId(String raw) {
        List<String> ids = ids(raw);
        if (!ids.isEmpty()) return ids.get(0);
        return raw == null ? null : stripBrackets(unfold(raw));
    }

    private static List<String> ids(String raw) {
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

    // --- the MIME tree ------------------------------------------------------------------------------

    private void walk(Part part, Ctx c, int depth, boolean bodyAllowed, boolean related) {
        walk(part, c, depth, bodyAllowed, related, false);
    }

    /** {@code nested}: inside an attached mail, whose body stays in its .eml and is not an attachment. */
    private void walk(Part part, Ctx c, int depth, boolean bodyAllowed, boolean related, boolean nested) {
        if (depth > MAX_DEPTH) {
            c.defect("MIME parts are nested more than " + MAX_DEPTH + " deep; deeper parts were skipped.");
            return;
        }
        if (++c.parts > MAX_PARTS || (c.outOfTime |= System.nanoTime() > c.deadline)) {
            c.skipped++;
            return;
        }
        String type = mimeType(part, c);
        String disposition = disposition(part);
        if (type.startsWith("multipart/")) {
            Multipart mp = multipart(part, c);
            if (mp != null) {
                walkMultipart(mp, type, c, depth, bodyAllowed, nested);
                return;
            }
            type = "text/plain";
        }
        String filename = filename(part, c);
        if (type.equals("message/rfc822") || type.equals("message/global")) {
            nestedMessage(part, filename, disposition, c, depth);
            return;
        }
        if (type.equals("message/partial")) {
            c.defect("The mail holds a fragment (message/partial) of a larger mail; it is kept as an attachment.");
        }
        boolean attachment = "attachment".equals(disposition) || (filename != null && !related && !bodyText(type, disposition, filename));
        if (!attachment && bodyAllowed && type.equals("text/plain") && (!c.hasText || c.html == null && !related)) {
            String t = text(part, c);
            t = extractUuencoded(t, c);
            if (c.hasText && !t.isBlank()) c.text.append(c.text.length() > 0 ? "\n\n" : "").append(t);
            else if (!c.hasText) c.text.append(t);
            c.hasText = true;
            return;
        }
        if (!attachment && bodyAllowed && type.equals("text/html") && c.html == null) {
            c.html = text(part, c);
            return;
        }
        if (nested && !attachment && !related && (type.equals("text/plain") || type.equals("text/html"))) {
            return;
        }
        if (type.equals("application/ms-tnef") || type.equals("application/vnd.ms-tnef")) {
            if (tnef(part, c)) return;
        }
        addAttachment(part, type, filename, disposition, c);
    }

    /** An inline text part named like a body (some clients name every part) still counts as body. */
    private static boolean bodyText(String type, String disposition, String filename) {
        return "inline".equals(disposition) && (type.equals("text/plain") || type.equals("text/html"))
                && filename.matches("(?i)(body|message|text|part)[-_\\d]*\\.(txt|html?)");
    }

    private void walkMultipart(Multipart mp, String type, Ctx c, int depth, boolean bodyAllowed, boolean nested) {
        int count;
        try {
            count = mp.getCount();
        } catch (MessagingException e) {
            c.defect("A " + type + " part could not be split: " + shorten(e.getMessage(), 80));
            return;
        }
        if (mp instanceof MimeMultipart mm) {
            try {
                if (!mm.isComplete()) c.defect("A " + type + " part has no closing boundary.");
            } catch (MessagingException ignored) {
                // nothing more to say
            }
        }
        if (count == 0) {
            c.defect("A " + type + " part has no parts (boundary missing or wrong).");
            return;
        }
        if (type.equals("multipart/alternative")) {
            // Prefer plain text for the comment and keep the richest HTML; other alternatives are not attachments.
            for (int i = 0; i < count; i++) {
                Part child = bodyPart(mp, i, c);
                if (child == null) continue;
                walk(child, c, depth + 1, bodyAllowed, false, nested);
            }
            return;
        }
        boolean related = type.equals("multipart/related");
        int root = related ? relatedRoot(mp, count, c) : -1;
        for (int i = 0; i < count; i++) {
            Part child = bodyPart(mp, i, c);
            if (child == null) continue;
            walk(child, c, depth + 1, bodyAllowed && (!related || i == root), related && i != root, nested);
        }
    }

    /** The root of multipart/related: the part named by "start", else the first text part, else the first. */
    private static int relatedRoot(Multipart mp, int count, Ctx c) {
        String start = null;
        if (mp instanceof MimeMultipart mm && mm.getContentType() != null) {
            start = HeaderParams.get(unfold(mm.getContentType()), "start", MailCharsets.FALLBACK);
        }
        int firstText = -1;
        for (int i = 0; i < count; i++) {
            Part child = bodyPart(mp, i, c);
            if (child == null) continue;
            if (start != null && stripBrackets(start) != null && stripBrackets(start).equals(contentId(child))) return i;
            String t = mimeType(child, c);
            if (firstText < 0 && (t.startsWith("text/") || t.startsWith("multipart/"))) firstText = i;
        }
        return firstText < 0 ? 0 : firstText;
    }

    private static Part bodyPart(Multipart mp, int i, Ctx c) {
        try {
            return mp.getBodyPart(i);
        } catch (MessagingException e) {
            c.defect("A MIME part could not be read: " + shorten(e.getMessage(), 80));
            return null;
        }
    }

    private static final Pattern BOUNDARY_PARAM = Pattern.compile("(?i)boundary\\s*=\\s*(\"([^\"]+)\"|([^;\\s]+))");

    private static Multipart multipart(Part part, Ctx c) {
        String problem;
        try {
            Object content = part.getContent();
            if (content instanceof Multipart mp) {
                mp.getCount(); // parses now, so a wrong boundary shows here
                return mp;
            }
            problem = "unexpected content";
        } catch (MessagingException | IOException | RuntimeException e) {
            problem = shorten(e.getMessage(), 60);
        }
        // Second chance: the boundary written in the header by hand, else the first "--" line of the body.
        try {
            byte[] body;
            try (InputStream in = decoded(part, c)) {
                body = readLenient(in, c);
            }
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String boundary = null;
            String[] ct = part.getHeader("Content-Type");
            if (ct != null) {
                Matcher m = BOUNDARY_PARAM.matcher(unfold(ct[0]));
                if (m.find()) boundary = m.group(2) != null ? m.group(2) : m.group(3);
            }
            if (boundary == null || !text.contains("--" + boundary)) {
                Matcher m = Pattern.compile("(?m)^--([^\\s-][^\\r\\n]{0,69}?)\\s*$").matcher(text);
                boundary = m.find() ? m.group(1).replaceFirst("--$", "") : null;
            }
            if (boundary != null) {
                MimeMultipart mp = new MimeMultipart(new jakarta.mail.util.ByteArrayDataSource(body,
                        "multipart/mixed; boundary=\"" + boundary.replace("\"", "") + "\""));
                if (mp.getCount() > 0) {
                    c.defect("A multipart part had a missing or wrong boundary (" + problem
                            + "); parts were found by the boundary in its body.");
                    return mp;
                }
            }
        } catch (MessagingException | IOException | RuntimeException e) {
            // fall through to text
        }
        c.defect("A multipart part could not be parsed (" + problem + "); it was read as text.");
        return null;
    }

    private void nestedMessage(Part part, String filename, String disposition, Ctx c, int depth) {
        Read r = readContent(part, c, nameFor(part, filename, "message/rfc822", c), "message/rfc822");
        if (r == null) return;
        MimeMessage nested = null;
        String subject = null;
        try {
            InputStream in = sharedDecoded(part);
            if (in == null && r.bytes != null) in = new SharedByteArrayInputStream(r.bytes);
            if (in == null) in = new SharedByteArrayInputStream(r.bytes == null ? new byte[0] : r.bytes);
            if (in != null) {
                nested = new MimeMessage(session, in);
                subject = nested.getHeader("Subject", null);
            }
        } catch (MessagingException | IOException e) {
            c.defect("An attached mail could not be parsed: " + shorten(e.getMessage(), 60));
        }
        if (r.bytes != null) {
            String name = filename;
            if (name == null) {
                String s = subject == null ? null : decodeHeader(subject, c.headerFallback);
                name = s == null || s.isBlank() ? nameFor(part, null, "message/rfc822", c) : s + ".eml";
            }
            store(c, name, filename, "message/rfc822", contentId(part), "inline".equals(disposition), r.bytes);
        }
        if (nested != null) {
            // its attachments join the outer list; its body stays inside the .eml
            walk(nested, c, depth + 1, false, false, true);
        }
    }

    private boolean tnef(Part part, Ctx c) {
        Read r = readContent(part, c, "winmail.dat", "application/ms-tnef");
        if (r == null || r.bytes == null) return r != null;
        try {
            List<TnefDecoder.File> files = TnefDecoder.decode(r.bytes);
            if (files.isEmpty()) throw new IllegalStateException("no files in it");
            for (TnefDecoder.File f : files) {
                String type = guessType(f.name());
                String name = f.name() == null ? c.names.generate(type) : f.name();
                storeChecked(c, name, f.name(), type, null, false, f.content());
            }
            return true;
        } catch (Exception | LinkageError e) {
            c.defect("winmail.dat (TNEF) could not be decoded (" + shorten(String.valueOf(e.getMessage()), 60)
                    + "); it is kept as it is.");
            store(c, filename(part) == null ? "winmail.dat" : filename(part), filename(part), "application/ms-tnef",
                    contentId(part), false, r.bytes);
            return true;
        }
    }

    private void addAttachment(Part part, String type, String filename, String disposition, Ctx c) {
        String name = nameFor(part, filename, type, c);
        Read r = readContent(part, c, name, type);
        if (r == null || r.bytes == null) return;
        String cid = contentId(part);
        boolean inline = "inline".equals(disposition) || (disposition == null && cid != null);
        store(c, name, filename, type, cid, inline, r.bytes);
    }

    /** The sender's file name, else one from Content-Description ("Delivery report.txt"), else generated. */
    private String nameFor(Part part, String filename, String type, Ctx c) {
        if (filename != null && !filename.isBlank()) return filename;
        try {
            String[] d = part.getHeader("Content-Description");
            if (d != null && d.length > 0) {
                String desc = decodeHeader(d[0], c.headerFallback);
                if (desc != null && !desc.isBlank() && desc.length() <= 80 && !desc.contains("/")) {
                    String ext = c.names.extension(type);
                    return desc.toLowerCase(Locale.ROOT).endsWith("." + ext) ? desc : desc + "." + ext;
                }
            }
        } catch (MessagingException ignored) {
            // generate instead
        }
        return c.names.generate(type);
    }

    private void storeChecked(Ctx c, String name, String original, String type, String cid, boolean inline, byte[] bytes) {
        if (bytes.length > limits.maxPartBytes() || c.kept + bytes.length > limits.maxMessageBytes()) {
            placeholder(c, name, type, bytes.length, bytes.length > limits.maxPartBytes() ? limits.maxPartBytes()
                    : limits.maxMessageBytes());
            return;
        }
        store(c, name, original, type, cid, inline, bytes);
    }

    private static void store(Ctx c, String name, String original, String type, String cid, boolean inline, byte[] bytes) {
        c.kept += bytes.length;
        c.attachments.add(new MailAttachment(c.names.unique(name), original, type, cid, inline, bytes, c.names.shown(name)));
    }

    private static void placeholder(Ctx c, String name, String type, long size, long limit) {
        c.oversized.add(new InboundMail.OversizedPart(name, type, size, limit));
        c.defect("The part " + name + " (" + size + " bytes) is over the size limit of " + limit
                + " bytes and was left out.");
        String note = "The attachment \"" + name + "\" (" + type + ", " + size + " bytes) was larger than the limit of "
                + limit + " bytes and was not kept.\n";
        String noteName = name + " (too large).txt";
        c.attachments.add(new MailAttachment(c.names.unique(noteName), null, "text/plain", null, false,
                note.getBytes(StandardCharsets.UTF_8), c.names.shown(noteName)));
    }

    // --- content ------------------------------------------------------------------------------------

    private record Read(byte[] bytes) {
    }

    /**
     * The decoded content of a part within the limits; null bytes (with a placeholder stored) when it
     * is too large. Broken encodings keep what could be decoded.
     */
    private Read readContent(Part part, Ctx c, String name, String type) {
        long cap = Math.min(limits.maxPartBytes(), Math.max(0, limits.maxMessageBytes() - c.kept));
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
                    placeholder(c, name, type, size, placeholderLimit(size, cap, arrayMax));
                    return new Read(null);
                }
                return new Read(readExactly(part, c, (int) size));
            }
            try (InputStream in = decoded(part, c)) {
                return readBounded(in, Math.min(cap, arrayMax), c, name, type, cap, arrayMax);
            }
        } catch (IOException | MessagingException | RuntimeException e) {
            c.defect("The part " + name + " could not be read: " + shorten(String.valueOf(e.getMessage()), 60));
            return new Read(new byte[0]);
        }
    }

    private long placeholderLimit(long size, long cap, long arrayMax) {
        return size > arrayMax && arrayMax < cap ? arrayMax
                : size > limits.maxPartBytes() ? limits.maxPartBytes() : limits.maxMessageBytes();
    }

    /**
     * One decoding pass: the bytes when they stay within {@code max}, else a placeholder naming the
     * part's whole decoded size (the rest is only counted, never held).
     */
    private Read readBounded(InputStream in, long max, Ctx c, String name, String type, long cap, long arrayMax) {
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
        if (total > max) {
            placeholder(c, name, type, total, placeholderLimit(total, cap, arrayMax));
            return new Read(null);
        }
        if (broken) c.defect("A part's encoding is broken; what could be decoded was kept.");
        return new Read(out.toByteArray());
    }

    private long count(Part part, Ctx c) throws IOException, MessagingException {
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
    private byte[] readExactly(Part part, Ctx c, int size) throws IOException, MessagingException {
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

    private static byte[] readLenient(InputStream in, Ctx c) {
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
    private static InputStream decoded(Part part, Ctx c) throws MessagingException, IOException {
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
    private static InputStream sharedDecoded(Part part) throws MessagingException, IOException {
        String enc = encoding(part);
        if (enc == null || enc.equals("7bit") || enc.equals("8bit") || enc.equals("binary")) {
            InputStream raw = raw(part);
            return raw instanceof SharedInputStream ? raw : null;
        }
        return null;
    }

    private static InputStream raw(Part part) throws MessagingException, IOException {
        if (part instanceof MimeBodyPart bp) return bp.getRawInputStream();
        if (part instanceof MimeMessage m) return m.getRawInputStream();
        return part.getInputStream();
    }

    private static String encoding(Part part) {
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
    private String text(Part part, Ctx c) {
        boolean html = isHtml(part, c);
        Read r = readContent(part, c, html ? "message.html" : "message.txt", html ? "text/html" : "text/plain");
        byte[] bytes = r == null || r.bytes == null ? new byte[0] : r.bytes;
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

    private static boolean isHtml(Part part, Ctx c) {
        return mimeType(part, c).equals("text/html");
    }

    private String extractUuencoded(String text, Ctx c) {
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

    // --- headers of parts ---------------------------------------------------------------------------

    private static String mimeType(Part part, Ctx c) {
        String[] v;
        try {
            v = part.getHeader("Content-Type");
        } catch (MessagingException e) {
            v = null;
        }
        if (v == null || v.length == 0 || v[0].isBlank()) {
            return "text/plain";
        }
        String raw = v[0].trim();
        try {
            ContentType ct = new ContentType(raw);
            String t = ct.getBaseType().toLowerCase(Locale.ROOT);
            return fixType(t);
        } catch (Exception e) {
            Matcher m = Pattern.compile("^\\s*([A-Za-z0-9!#$&.+^_-]+)\\s*/\\s*([A-Za-z0-9!#$&.+^_-]+)").matcher(raw);
            if (m.find()) return fixType((m.group(1) + "/" + m.group(2)).toLowerCase(Locale.ROOT));
            boolean named = NAME_PARAM.matcher(raw).find();
            c.defect("Content-Type \"" + shorten(raw, 40) + "\" is unreadable; the part was read as "
                    + (named ? "a file." : "text/plain."));
            return named ? "application/octet-stream" : "text/plain";
        }
    }

    private static String fixType(String t) {
        if (t.equals("text") || t.equals("text/text")) return "text/plain";
        return t;
    }

    private static String disposition(Part part) {
        try {
            String[] v = part.getHeader("Content-Disposition");
            if (v == null || v.length == 0) return null;
            String d = v[0].trim();
            int semi = d.indexOf(';');
            d = (semi >= 0 ? d.substring(0, semi) : d).trim().toLowerCase(Locale.ROOT);
            return d.isEmpty() ? null : d;
        } catch (MessagingException e) {
            return null;
        }
    }

    private static final Pattern NAME_PARAM = Pattern.compile("(?i)(?:^|;)\\s*(?:file)?name\\s*=\\s*(\"([^\"]*)\"|([^;]*))");

    /** File name from Content-Disposition, then Content-Type name; RFC 2231 and RFC 2047 decoded. */
    private static String filename(Part part, Ctx c) {
        String name = filename(part, c.headerFallback);
        return name;
    }

    static String filename(Part part) {
        return filename(part, MailCharsets.FALLBACK);
    }

    static String filename(Part part, Charset fallback) {
        String name = ownParam(part, "Content-Disposition", "filename", fallback);
        if (name == null) name = ownParam(part, "Content-Type", "name", fallback);
        if (name == null) name = param2231(part, "Content-Disposition", "filename");
        if (name == null) name = param2231(part, "Content-Type", "name");
        if (name == null) {
            // Unparseable header: pick the name out by hand.
            for (String h : new String[]{"Content-Disposition", "Content-Type"}) {
                try {
                    String[] v = part.getHeader(h);
                    if (v == null) continue;
                    Matcher m = NAME_PARAM.matcher(unfold(v[0]));
                    if (m.find()) {
                        name = m.group(2) != null ? m.group(2) : m.group(3);
                        if (name != null) break;
                    }
                } catch (MessagingException ignored) {
                    // try the next header
                }
            }
        }
        if (name == null) return null;
        name = EncodedWords.decode(MailCharsets.rawHeader(name, fallback)).trim();
        return name.isEmpty() ? null : name;
    }

    private static String ownParam(Part part, String header, String param, Charset fallback) {
        try {
            String[] v = part.getHeader(header);
            if (v == null || v.length == 0) return null;
            String value = HeaderParams.get(unfold(v[0]), param, fallback);
            return value == null || value.isBlank() ? null : value;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    private static String param2231(Part part, String header, String param) {
        try {
            String[] v = part.getHeader(header);
            if (v == null || v.length == 0) return null;
            String value = unfold(v[0]);
            if (header.equals("Content-Type")) {
                return new ContentType(value).getParameter(param);
            }
            return new ContentDisposition(value).getParameter(param);
        } catch (Exception e) {
            return null;
        }
    }

    private static String param(Part part, String name) {
        return param2231(part, "Content-Type", name);
    }

    private static String contentId(Part part) {
        try {
            String[] v = part.getHeader("Content-ID");
            if (v == null || v.length == 0) return null;
            return stripBrackets(unfold(v[0]));
        } catch (MessagingException e) {
            return null;
        }
    }

    private static String guessType(String name) {
        if (name == null) return "application/octet-stream";
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "pdf" -> "application/pdf";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "htm", "html" -> "text/html";
            case "txt" -> "text/plain";
            case "rtf" -> "application/rtf";
            case "doc" -> "application/msword";
            case "xls" -> "application/vnd.ms-excel";
            case "docx" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "zip" -> "application/zip";
            case "mp3" -> "audio/mpeg";
            case "eml" -> "message/rfc822";
            default -> "application/octet-stream";
        };
    }

    static String stripBrackets(String id) {
        if (id == null) return null;
        String s = id.trim();
        if (s.startsWith("<")) s = s.substring(1);
        int gt = s.indexOf('>');
        if (gt >= 0) s = s.substring(0, gt);
        s = s.trim();
        return s.isBlank() ? null : s;
    }

    private static String shorten(String s, int max) {
        if (s == null) return "";
        s = s.replaceAll("\\s+", " ");
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}

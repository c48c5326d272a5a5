package dev.mail2case.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.SharedByteArrayInputStream;
import jakarta.mail.util.SharedFileInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mail2case.mail.AttachmentParts.*;
import static dev.mail2case.mail.HeaderText.*;
import static dev.mail2case.mail.KeptParts.*;
import static dev.mail2case.mail.MailHeaders.*;
import static dev.mail2case.mail.PartContent.*;
import static dev.mail2case.mail.PartHeaders.*;
import static dev.mail2case.mail.RawMail.*;

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
    /**
     * More time for each megabyte of mail: a large attachment legitimately takes seconds to decode on a
     * busy machine, and must not be cut like a mail of thousands of parts.
     */
    static final long READ_NANOS_PER_MB = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
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
        return read(new SharedByteArrayInputStream(p.bytes(), p.start(), p.bytes().length - p.start()),
                p.bytes().length - p.start(), defects, p.hint(), p.bytes() == raw && p.start() == 0 ? raw : null);
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
                InputStream body = (InputStream) sfis.newStream(p.start(), -1);
                return read(body, size - p.start(), defects, p.hint(), null);
            } finally {
                sfis.close();
            }
        }
        return read(Files.readAllBytes(file));
    }

    // ---------------------------------------------------------------------------------------------

    private InboundMail read(InputStream in, long rawSize, List<String> defects, Charset hint, byte[] reportSource) {
        MimeMessage msg;
        try {
            msg = new MimeMessage(session, in);
        } catch (MessagingException e) {
            throw new MailReadException("not a mail: " + e.getMessage(), e);
        }
        ReadState c = new ReadState(defects, limits, rawSize);
        if (rawSize > limits.maxMessageBytes()) {
            c.defect("The mail is " + rawSize + " bytes, over the limit of " + limits.maxMessageBytes() + " bytes.");
        }
        Map<String, List<String>> rawHeaders = rawHeaders(msg);
        Charset fallback = bodyCharset(msg);
        if (fallback == null) fallback = hint;
        if (fallback != null) c.headerFallback = fallback;
        Map<String, List<String>> headers = decodedHeaders(rawHeaders, c);

        try {
            walk(msg, c, 0, true, false);
        } catch (StackOverflowError e) {
            c.defect("The MIME structure is too deeply nested to read completely; the rest was skipped.");
        }
        ReportParts report = reportSource == null ? null : ReportParts.of(msg, reportSource, c.decoded);
        c.decoded.clear();

        noteWhatWasLeftOut(c);

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

    /** Every header decoded, with the defects of the header block (repeated, missing From or Content-Type). */
    private static Map<String, List<String>> decodedHeaders(Map<String, List<String>> rawHeaders, ReadState c) {
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
        return headers;
    }

    /** Parts left out for the bounds of work per mail, and HTML too deep to render, said in defects and notes. */
    private static void noteWhatWasLeftOut(ReadState c) {
        if (c.skipped > 0) {
            String why = c.outOfTime ? "reading it took longer than " + c.budgetNanos / 1_000_000_000 + " seconds"
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

    private static String safeToText(String html, ReadState c) {
        try {
            return HtmlBody.toText(html);
        } catch (RuntimeException | StackOverflowError e) {
            c.defect("The HTML body could not be turned into text.");
            return "";
        }
    }

    // --- the MIME tree ------------------------------------------------------------------------------

    private void walk(Part part, ReadState c, int depth, boolean bodyAllowed, boolean related) {
        walk(part, c, depth, bodyAllowed, related, false);
    }

    /** {@code nested}: inside an attached mail, whose body stays in its .eml and is not an attachment. */
    private void walk(Part part, ReadState c, int depth, boolean bodyAllowed, boolean related, boolean nested) {
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

    private void walkMultipart(Multipart mp, String type, ReadState c, int depth, boolean bodyAllowed, boolean nested) {
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
    private static int relatedRoot(Multipart mp, int count, ReadState c) {
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

    private static Part bodyPart(Multipart mp, int i, ReadState c) {
        try {
            return mp.getBodyPart(i);
        } catch (MessagingException e) {
            c.defect("A MIME part could not be read: " + shorten(e.getMessage(), 80));
            return null;
        }
    }

    private static final Pattern BOUNDARY_PARAM = Pattern.compile("(?i)boundary\\s*=\\s*(\"([^\"]+)\"|([^;\\s]+))");

    private static Multipart multipart(Part part, ReadState c) {
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

    private void nestedMessage(Part part, String filename, String disposition, ReadState c, int depth) {
        Read r = readContent(part, c, nameFor(part, filename, "message/rfc822", c), "message/rfc822");
        if (r == null) return;
        MimeMessage nested = null;
        String subject = null;
        try {
            InputStream in = sharedDecoded(part);
            if (in == null && r.bytes() != null) in = new SharedByteArrayInputStream(r.bytes());
            if (in == null) in = new SharedByteArrayInputStream(r.bytes() == null ? new byte[0] : r.bytes());
            if (in != null) {
                nested = new MimeMessage(session, in);
                subject = nested.getHeader("Subject", null);
            }
        } catch (MessagingException | IOException e) {
            c.defect("An attached mail could not be parsed: " + shorten(e.getMessage(), 60));
        }
        if (r.bytes() != null) {
            String name = filename;
            if (name == null) {
                String s = subject == null ? null : decodeHeader(subject, c.headerFallback);
                name = s == null || s.isBlank() ? nameFor(part, null, "message/rfc822", c) : s + ".eml";
            }
            store(c, name, filename, "message/rfc822", contentId(part), "inline".equals(disposition), r.bytes());
        }
        if (nested != null) {
            // its attachments join the outer list; its body stays inside the .eml
            walk(nested, c, depth + 1, false, false, true);
        }
    }

    /** A Message-ID or Content-ID without its angle brackets, or null when nothing is left. */
    static String stripBrackets(String id) {
        return PartHeaders.stripBrackets(id);
    }
}

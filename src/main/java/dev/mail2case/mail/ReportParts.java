package dev.mail2case.mail;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The parts of a mail that tell what it is (report type, delivery status, feedback and disposition
 * fields, the returned mail's headers, the human text), taken from the MIME tree the reader already
 * parsed, so screening never parses the mail again. Text is as written, transfer encoding undone.
 */
public record ReportParts(String reportType, String deliveryStatus, String feedbackReport, String disposition,
                          String returnedHeaders, String text, String headerBlock) {

    private static final Session SESSION;

    static {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.parameters.strict", "false");
        props.setProperty("mail.mime.multipart.allowempty", "true");
        SESSION = Session.getInstance(props);
    }

    /** Bytes of one part screening reads at most. */
    private static final int MAX_TEXT = 2_000_000;

    private static final java.util.regex.Pattern RETURNED_HEADER_FILE = java.util.regex.Pattern.compile(
            "\\s*(received|return-path|message-id|from|date|x-[\\w-]+):", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** Parses {@code raw} for its report parts: for a mail that did not come through {@link MailReader}. */
    public static ReportParts of(byte[] raw) {
        if (raw == null) return new Walk(Map.of()).done(null, "");
        MimeMessage msg;
        try {
            msg = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (Exception e) {
            msg = null;
        }
        return of(msg, raw);
    }

    /** A part's content as the reader decoded it: the transfer encoding it undid (null: none) and the bytes. */
    record Decoded(String encoding, byte[] bytes) {
    }

    static ReportParts of(MimeMessage msg, byte[] raw) {
        return of(msg, raw, Map.of());
    }

    /**
     * The report parts of a message already parsed from exactly {@code raw}; {@code decoded} holds parts the
     * reader already decoded, reused where it undid the same transfer encoding.
     */
    static ReportParts of(MimeMessage msg, byte[] raw, Map<Part, Decoded> decoded) {
        Walk w = new Walk(decoded);
        if (msg != null) {
            try {
                w.walk(msg, 0);
            } catch (Exception | StackOverflowError e) {
                // broken MIME: the raw text is all we have
            }
        }
        return w.done(raw, headerBlock(raw));
    }

    /** One walk over the MIME tree, collecting. */
    private static final class Walk {
        String reportType;
        final StringBuilder deliveryStatus = new StringBuilder();
        final StringBuilder feedbackReport = new StringBuilder();
        final StringBuilder disposition = new StringBuilder();
        final StringBuilder returnedHeaders = new StringBuilder();
        final StringBuilder text = new StringBuilder();
        final Map<Part, Decoded> known;

        Walk(Map<Part, Decoded> known) {
            this.known = known;
        }

        /** The reader's bytes when it undid the same encoding screening would; else decoded here. */
        private String decoded(Part part, Charset cs) {
            Decoded d = known.get(part);
            if (d != null) {
                try {
                    String enc = part instanceof MimeBodyPart b ? b.getEncoding()
                            : part instanceof MimeMessage m ? m.getEncoding() : null;
                    String e = enc == null ? null : enc.trim().toLowerCase(Locale.ROOT);
                    boolean none = e == null || !(e.equals("base64") || e.equals("quoted-printable") || e.startsWith("uu"));
                    if (d.encoding() == null ? none : d.encoding().equals(e)) {
                        byte[] bytes = d.bytes().length > MAX_TEXT ? Arrays.copyOf(d.bytes(), MAX_TEXT) : d.bytes();
                        return new String(bytes, cs);
                    }
                } catch (Exception e) {
                    // decode it here, as if nothing were known
                }
            }
            return ReportParts.decoded(part, cs);
        }

        ReportParts done(byte[] raw, String headerBlock) {
            if (text.length() == 0 && raw != null) {
                text.append(bodyOf(new String(raw, StandardCharsets.ISO_8859_1)));
            }
            return new ReportParts(reportType, deliveryStatus.toString(), feedbackReport.toString(),
                    disposition.toString(), returnedHeaders.toString(), text.toString(), headerBlock);
        }

        private void walk(Part part, int depth) throws MessagingException, IOException {
            if (depth > 8) return;
            // a body part carrying a Message-ID is a returned mail whose own header became the part header
            if (depth > 0 && part instanceof MimeBodyPart bp && bp.getHeader("Message-ID") != null && returnedHeaders.length() == 0) {
                var lines = bp.getAllHeaderLines();
                while (lines.hasMoreElements()) returnedHeaders.append(lines.nextElement()).append('\n');
            }
            String ct = lower(part.getContentType());
            String type = ct.contains(";") ? ct.substring(0, ct.indexOf(';')).trim() : ct.trim();
            if (type.isEmpty()) type = "text/plain";
            if (type.startsWith("multipart/")) {
                if (type.equals("multipart/report") && reportType == null) {
                    reportType = param(part.getContentType(), "report-type");
                }
                Multipart mp = multipart(part);
                if (mp == null) {
                    text.append(decoded(part, charsetOf(part))).append('\n');
                    return;
                }
                int n = mp.getCount();
                for (int i = 0; i < n; i++) {
                    BodyPart bp = mp.getBodyPart(i);
                    // the human part of a multipart/alternative: first readable one is enough
                    walk(bp, depth + 1);
                    if (type.equals("multipart/alternative") && text.length() > 0) break;
                }
                return;
            }
            switch (type) {
                case "message/delivery-status", "message/global-delivery-status", "text/delivery-status" ->
                        deliveryStatus.append(decoded(part, StandardCharsets.UTF_8)).append("\n\n");
                case "message/feedback-report" -> feedbackReport.append(decoded(part, StandardCharsets.UTF_8)).append('\n');
                case "message/disposition-notification", "message/global-disposition-notification" ->
                        disposition.append(decoded(part, StandardCharsets.UTF_8)).append('\n');
                case "text/rfc822-headers", "message/rfc822-headers", "text/rfc822-header",
                     "message/global-headers" -> returnedHeaders.append(decoded(part, StandardCharsets.UTF_8)).append('\n');
                case "message/rfc822", "message/global", "message/partial" -> {
                    if (returnedHeaders.length() == 0) {
                        returnedHeaders.append(headerBlock(decoded(part, StandardCharsets.ISO_8859_1)
                                .getBytes(StandardCharsets.ISO_8859_1)));
                    }
                }
                default -> {
                    if (type.startsWith("text/") && !isAttachment(part)) {
                        String s = decoded(part, charsetOf(part));
                        text.append(type.equals("text/html") ? stripHtml(s) : s).append('\n');
                    } else if (type.equals("text/plain") && returnedHeaders.length() == 0) {
                        // some servers attach the returned headers as a text file
                        String s = decoded(part, charsetOf(part));
                        if (RETURNED_HEADER_FILE.matcher(s).lookingAt()) returnedHeaders.append(headerBlock(s.getBytes(StandardCharsets.UTF_8)));
                    }
                }
            }
        }

    }

    private static Multipart multipart(Part part) {
        try {
            Object c = part.getContent();
            if (c instanceof Multipart mp) return mp;
        } catch (Exception e) {
            // fall through
        }
        try {
            return new MimeMultipart(part.getDataHandler().getDataSource());
        } catch (Exception e) {
            return null;
        }
    }

    private static boolean isAttachment(Part part) {
        try {
            return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) && part.getFileName() != null;
        } catch (Exception e) {
            return false;
        }
    }

    /** Content with the transfer encoding undone, without any content handler in between. */
    private static String decoded(Part part, Charset cs) {
        try (InputStream in = rawStream(part)) {
            if (in == null) return "";
            String enc = part instanceof MimeBodyPart b ? b.getEncoding()
                    : part instanceof MimeMessage m ? m.getEncoding() : null;
            InputStream dec = in;
            if (enc != null) {
                String e = enc.trim().toLowerCase(Locale.ROOT);
                if (e.equals("base64") || e.equals("quoted-printable") || e.startsWith("uu")) {
                    dec = MimeUtility.decode(in, e);
                }
            }
            byte[] bytes = dec.readNBytes(MAX_TEXT);
            return new String(bytes, cs);
        } catch (Exception e) {
            return "";
        }
    }

    private static InputStream rawStream(Part part) throws MessagingException {
        if (part instanceof MimeBodyPart b) return b.getRawInputStream();
        if (part instanceof MimeMessage m) return m.getRawInputStream();
        try {
            return part.getInputStream();
        } catch (IOException e) {
            return null;
        }
    }

    private static Charset charsetOf(Part part) {
        try {
            String cs = param(part.getContentType(), "charset");
            if (cs != null) return Charset.forName(MimeUtility.javaCharset(cs.trim()));
        } catch (Exception e) {
            // unknown charset
        }
        return StandardCharsets.UTF_8;
    }

    static String param(String contentType, String name) {
        if (contentType == null) return null;
        try {
            String v = new ContentType(contentType).getParameter(name);
            return v == null ? null : v.trim().toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            var m = java.util.regex.Pattern.compile("(?i)" + name + "\\s*=\\s*\"?([^\";\\s]+)").matcher(contentType);
            return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
        }
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }

    /** The header block of a message: everything before the first empty line. */
    public static String headerBlock(byte[] raw) {
        if (raw == null) return "";
        int limit = Math.min(raw.length, 200_000);
        // Found in the bytes, so only the header block becomes a string: CRLF, CR and LF each end a line.
        int end = limit;
        for (int i = 0; i < limit; ) {
            byte b = raw[i];
            if (b != '\r' && b != '\n') {
                i++;
                continue;
            }
            int next = b == '\r' && i + 1 < limit && raw[i + 1] == '\n' ? i + 2 : i + 1;
            if (next < limit && (raw[next] == '\r' || raw[next] == '\n')) {
                end = next;
                break;
            }
            i = next;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace('\r', '\n');
    }

    private static String bodyOf(String raw) {
        String s = raw.replace("\r\n", "\n").replace('\r', '\n');
        int end = s.indexOf("\n\n");
        return end < 0 ? "" : s.substring(end + 2);
    }

    private static String stripHtml(String html) {
        return html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
                .replaceAll("(?i)<br\\s*/?>|</p>|</div>|</tr>", "\n")
                .replaceAll("<[^>]+>", " ")
                .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .replace("&quot;", "\"");
    }
}

package dev.mail2case.notify;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.Diagnostic;
import com.openhtmltopdf.util.XRLog;
import com.openhtmltopdf.util.XRLogger;
import dev.mail2case.thread.CaseNumberFormat;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.LongFunction;
import java.util.logging.Level;

/**
 * The PDF report of a case: {@code case-report.html.ftl} rendered to XHTML, then to PDF with
 * openhtmltopdf on PDFBox, stored as an attachment of the case. Every model value is present (absent
 * ones as empty strings), since the templates treat a missing value as an error.
 */
public class CaseReport {
    private static final Logger LOG = LoggerFactory.getLogger(CaseReport.class);

    public static final String TEMPLATE = "case-report.html.ftl";
    public static final String CONTENT_TYPE = "application/pdf";

    /**
     * The built-in PDF fonts (Helvetica, Times, Courier) only cover WinAnsi (Western European): Polish,
     * Czech, Greek or Cyrillic letters would come out as '#'. PDFBox ships Liberation Sans (SIL OFL) in
     * its jar; the template names it after sans-serif, so openhtmltopdf takes it for those characters.
     */
    static final String FALLBACK_FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    static final String FALLBACK_FAMILY = "Liberation Sans";
    private static final byte[] FALLBACK = loadFallbackFont();

    static {
        // openhtmltopdf logs to java.util.logging on its own console format, timings at INFO on every
        // render; send it through SLF4J like everything else, its INFO at DEBUG.
        XRLog.setLoggerImpl(new Slf4jXRLogger());
    }

    /**
     * Each comment is cut after this many characters: rendering takes about a second per 30 pages, and
     * a 1 MB mail body alone would make some 280 pages and hold the closing transaction for 15 s.
     */
    public static final int MAX_COMMENT_CHARS = 50_000;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Templates templates;
    private final LongFunction<String> caseToken;
    private final CaseReportRepository rows = new CaseReportRepository();

    /** With the default case token ({@code [#1042]}). */
    public CaseReport(Templates templates) {
        this(templates, new CaseNumberFormat()::token);
    }

    /** With the token format the deployment configured ({@code mail2case.case-number.format}). */
    public CaseReport(Templates templates, LongFunction<String> caseToken) {
        this.templates = templates;
        this.caseToken = caseToken;
    }

    /** Renders the model to PDF bytes. */
    public byte[] render(Map<String, Object> model) {
        String html = templates.renderDocument(TEMPLATE, model);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            PdfRendererBuilder builder = new PdfRendererBuilder();
            builder.useFastMode();
            if (FALLBACK != null) {
                builder.useFont(() -> new ByteArrayInputStream(FALLBACK), FALLBACK_FAMILY, 400,
                        BaseRendererBuilder.FontStyle.NORMAL, true);
            }
            // No base URI: the report loads nothing from outside (no images, no stylesheets, no files).
            builder.withHtmlContent(html, null);
            builder.toStream(out);
            builder.run();
        } catch (IOException e) {
            throw new UncheckedIOException("case report could not be rendered", e);
        }
        return out.toByteArray();
    }

    /** The case as the report shows it: facts, comments, attachments and events, oldest first. */
    public Map<String, Object> model(EntityManager em, long caseId) {
        CaseReportRepository.Facts c = rows.facts(em, caseId)
                .orElseThrow(() -> new NoSuchElementException("case id " + caseId + " does not exist"));
        long number = c.number();
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", number);
        model.put("caseToken", text(caseToken.apply(number)));
        model.put("subject", text(c.subject()));
        model.put("status", text(c.status()));
        model.put("openedAt", time(c.openedAt()));
        model.put("closedAt", time(c.closedAt()));
        model.put("senderName", text(c.senderName()));
        model.put("senderAddress", text(c.senderAddress()));
        model.put("queue", text(c.queue()));
        model.put("clientName", text(c.clientName()));
        model.put("assigneeName", text(c.assigneeName()));
        model.put("assigneeAddress", text(c.assigneeAddress()));
        model.put("generatedAt", "");

        List<Map<String, Object>> comments = new ArrayList<>();
        for (CaseReportRepository.Comment r : rows.comments(em, caseId)) {
            String address = text(r.author());
            String name = text(r.authorName());
            String author = name.isEmpty() ? address : address.isEmpty() ? name : name + " <" + address + ">";
            String body = text(r.body());
            int cut = body.length() <= MAX_COMMENT_CHARS ? body.length()
                    : Character.isHighSurrogate(body.charAt(MAX_COMMENT_CHARS - 1)) ? MAX_COMMENT_CHARS - 1
                    : MAX_COMMENT_CHARS;
            comments.add(Map.of("author", author.isEmpty() ? "(unknown)" : author, "at", time(r.at()),
                    "text", body.substring(0, cut), "omitted", body.length() - cut,
                    "nonParticipant", r.nonParticipant()));
        }
        model.put("comments", comments);

        List<Map<String, Object>> attachments = new ArrayList<>();
        for (CaseReportRepository.Attachment r : rows.attachments(em, caseId)) {
            attachments.add(Map.of("filename", text(r.filename()), "contentType", text(r.contentType()),
                    "size", r.size(), "sizeText", size(r.size())));
        }
        model.put("attachments", attachments);

        List<Map<String, Object>> events = new ArrayList<>();
        for (CaseReportRepository.Event r : rows.events(em, caseId)) {
            events.add(Map.of("event", text(r.event()), "detail", text(r.detail()), "actor", text(r.actor()),
                    "at", time(r.at())));
        }
        model.put("events", events);
        return model;
    }

    /**
     * Renders the report as of {@code at} and stores it as an attachment of the case, in the caller's
     * transaction; returns the attachment id.
     */
    public long attach(EntityManager em, long caseId, OffsetDateTime at) {
        Map<String, Object> model = model(em, caseId);
        model.put("generatedAt", time(at));
        byte[] pdf = render(model);
        String filename = "case-" + model.get("caseNumber") + "-report.pdf";
        long id = rows.store(em, caseId, filename, CONTENT_TYPE, pdf, sha256(pdf));
        LOG.info("Case {} report attached: {} ({} bytes)", model.get("caseToken"), filename, pdf.length);
        return id;
    }

    /**
     * Text for the XHTML: null becomes empty, and characters XML 1.0 forbids (NUL, ESC, form feed, lone
     * surrogates, which mail bodies do carry) are dropped, since the XML parser would reject the report.
     */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        StringBuilder out = null;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                    || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
            if (!ok && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            } else if (ok && out != null) {
                out.appendCodePoint(cp);
            }
            i += n;
        }
        return out == null ? s : out.toString();
    }

    private static String time(OffsetDateTime t) {
        return t == null ? "" : TIME.format(t);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Slf4jXRLogger implements XRLogger {
        @Override
        public void log(String where, Level level, String msg) {
            log(where, level, msg, null);
        }

        @Override
        public void log(String where, Level level, String msg, Throwable th) {
            Logger log = LoggerFactory.getLogger(where);
            int l = level.intValue();
            if (l >= Level.SEVERE.intValue()) {
                log.error(msg, th);
            } else if (l >= Level.WARNING.intValue()) {
                log.warn(msg, th);
            } else if (l >= Level.INFO.intValue()) {
                log.debug(msg, th);
            } else {
                log.trace(msg, th);
            }
        }

        @Override
        public void setLevel(String logger, Level level) {
            // levels come from the SLF4J configuration
        }

        @Override
        public boolean isLogLevelEnabled(Diagnostic d) {
            Logger log = LoggerFactory.getLogger(d.getLogMessageId().getWhere());
            int l = d.getLevel().intValue();
            return l >= Level.WARNING.intValue() ? log.isWarnEnabled()
                    : l >= Level.INFO.intValue() ? log.isDebugEnabled() : log.isTraceEnabled();
        }
    }

    private static byte[] loadFallbackFont() {
        try (InputStream in = CaseReport.class.getResourceAsStream(FALLBACK_FONT)) {
            if (in == null) {
                LOG.warn("{} is not on the class path: case reports use the built-in PDF fonts only, and letters "
                        + "outside Western European ones come out as '#'", FALLBACK_FONT);
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

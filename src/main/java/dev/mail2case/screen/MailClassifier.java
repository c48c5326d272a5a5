package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.mail.ReportParts;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells bounces, delivery reports, auto-replies, abuse reports and read receipts from mail written by
 * people. Pure function of the mail; never throws: anything it cannot read is a plain message.
 */
public class MailClassifier {

    private static final int I = Pattern.CASE_INSENSITIVE | Pattern.MULTILINE;

    private static final Pattern DAEMON_SENDER = Pattern.compile(
            "^(mailer[-_]daemon|mail-daemon|mailerdaemon|post_?master|mail\\.?delivery|mdaemon|maildelivery|"
                    + "bounces?|nobody|mail-?router|mailadmin|daemon|mmdf|smtp|double-bounce)\\b", I);
    private static final Pattern DAEMON_NAME = Pattern.compile(
            "mail delivery (system|subsystem|service)|mailer.?daemon|postmaster|delivery status|mail administrator|"
                    + "microsoft outlook|mail system", I);
    private static final Phrases BOUNCE_SUBJECT = new Phrases("detect:subject",
            "undeliver|undelivered|mail failure|delivery (status notification|failure|failed|has failed|problem|report)|"
                    + "returned mail|mail delivery failed|failure notice|non[- ]?deliver|nondeliver|"
                    + "could not (be )?deliver|delivery notification|mail system error|returned to sender|"
                    + "message not delivered|not delivered|rejected|failed delivery|delivery error|"
                    + "warning: could not send|permanent error|mail error|bounce|unzustellbar|"
                    + "unable to deliver|delivery unsuccessful|mail could not be delivered|fehlgeschlagen|"
                    + "no se puede entregar|non remis|not be delivered|delivery incomplete|系统退信|不達|エラー", I);
    private static final Phrases BOUNCE_BODY = new Phrases("detect:body",
            "this is the mail system at|delivery to the following recipients? (failed|has failed|was unsuccessful)|"
                    + "could not be delivered|couldn't be delivered|i'm sorry to have to inform you|"
                    + "host \\S+ said:|permanent (fatal )?error|undeliverable|delivery has failed|"
                    + "message (was )?not delivered|unable to deliver|failed (permanently|recipient)|"
                    + "delivery (to the following recipients? )?failed|the following (addresses|recipients?) (had|failed)|"
                    + "returned mail|was not delivered|could not deliver|mail delivery failed|"
                    + "this message was created automatically by mail delivery software|"
                    + "hi\\. this is the qmail-send program|the original message was received at|"
                    + "your message (did not reach|wasn't delivered|couldn't be delivered|could not be sent|cannot be delivered)|"
                    + "delivery status notification|non-delivery|sorry, we were unable|"
                    + "reporting-mta:|final-recipient:|diagnostic-code:|"
                    + "unable to (be )?deliver|delivery failure|the error that the other server returned|"
                    + "message delivery failed|failed to deliver|not be delivered|user unknown|"
                    + "could not be sent|delivery attempts? (will continue|failed)|has not (yet )?been delivered|"
                    + "a problem occurred during the delivery|did not reach the following recipient|message could not be|rejected your message", I);
    private static final Pattern DELAY_TEXT = Pattern.compile(
            "this is a warning message only|will (continue|keep) (trying|to try|retrying)|still undelivered|"
                    + "delivery (has been )?delayed|delivery status notification \\(delay\\)|"
                    + "has not yet been delivered|will retry|not yet been delivered|"
                    + "no action is required on your part", I);
    private static final Pattern LIST_MANAGER = Pattern.compile("^[^@]+-(admin|owner|request)@|^(owner|majordomo|listserv|mailman)-?[^@]*@", I);
    private static final Pattern LIST_REFUSAL = Pattern.compile(
            "not (a )?member of (this|the) (mailing )?list|\\bare not (a )?member\\b|only members (may|can) post|"
                    + "loop alert|duplicated message-id|(post|posting) (is )?(rejected|refused|not allowed)|"
                    + "not allowed to post|permission to post", I);
    private static final Pattern JMRP_SUBJECT = Pattern.compile(
            "^[ \\t]*complaint about message from \\d{1,3}(\\.\\d{1,3}){3}\\s*$", I);
    /** Subjects only an answering machine writes. */
    private static final Pattern VACATION_SUBJECT = Pattern.compile(
            "^\\s*(\\[?auto(matic|matische)?[- ]?(reply|response|antwort|answer|respond|responder)|autoreply|auto:|"
                    + "out of (the )?office|ooo\\b|abwesenheitsnotiz|réponse automatique|reponse automatique|"
                    + "odpowied[zź] automatyczna|risposta automatica|respuesta automática|resposta automática|"
                    + "automatisch antwoord|fuera de la oficina|自動応答)", I);
    /** Subjects people write too: an absence notice only with another sign of automation. */
    private static final Pattern WEAK_VACATION_SUBJECT = Pattern.compile(
            "^\\s*(absence|abwesend|abwesenheit|afwezig|on vacation|vacation|away from|i am (currently )?out|"
                    + "je suis absent|congés|не в офисе)", I);
    private static final Pattern VACATION_BODY = Pattern.compile(
            "(i am|i'm|i will be) (currently )?(out of (the )?office|away|on (vacation|holiday|leave)|not in the office)|"
                    + "out of (the )?office|on vacation|auto(matic|mated)?[- ]?(reply|response)|"
                    + "abwesend|abwesenheit|en congés|je suis absent", I);

    private final Rules rules;
    private final BounceReasons reasons;
    private final BounceFields fields;

    public MailClassifier() {
        this(Rules.ALL);
    }

    /** A classifier using only the rules {@code rules} lets take part (the corpus evaluation's held-out runs). */
    MailClassifier(Rules rules) {
        this.rules = rules;
        this.reasons = new BounceReasons(rules);
        this.fields = new BounceFields(reasons);
    }

    public Classification classify(InboundMail mail, byte[] raw) {
        try {
            return decide(mail, raw);
        } catch (RuntimeException | StackOverflowError e) {
            return Classification.message("unreadable for screening: " + e.getClass().getSimpleName(), false);
        }
    }

    private Classification decide(InboundMail mail, byte[] raw) {
        // the reader's parse when it saw these bytes; otherwise (a mail built by hand) the raw mail's
        ReportParts parts = mail != null && mail.report() != null ? mail.report() : ReportParts.of(raw);
        Classification c = decideKind(mail, parts);
        Bounce b = c.bounce();
        if (b != null && "undefined".equals(b.reason())) {
            // some servers say it only in the subject ("Returned mail: User unknown")
            String r = reasons.fromText(SUBJECT_NOISE.matcher(new Headers(mail, parts.headerBlock()).subject())
                    .replaceAll(" "));
            if (r != null) {
                List<Bounce.Failure> failures = b.failures().stream().map(f -> "undefined".equals(f.reason())
                        ? new Bounce.Failure(f.recipient(), r, f.status(), f.permanent(), f.diagnostic()) : f).toList();
                c = new Classification(c.kind(), new Bounce(r, b.status(), b.permanent(), b.recipients(),
                        b.originalMessageId(), b.diagnostic(), failures), c.signal(), c.bulk());
            }
        }
        return c;
    }

    private Classification decideKind(InboundMail mail, ReportParts parts) {
        Headers h = new Headers(mail, parts.headerBlock());
        String precedence = lower(h.get("Precedence"));
        boolean bulk = BULK.matcher(precedence).matches();
        String subject = h.subject();
        String contentType = lower(h.get("Content-Type"));

        Classification byType = reportByType(parts, subject, contentType);
        if (byType != null) return byType;

        String body = parts.text();
        List<DsnRecord> records = DsnRecord.parse(!parts.deliveryStatus().isEmpty() ? parts.deliveryStatus()
                : BounceFields.embeddedDeliveryStatus(body));
        // Bounce fields are read only for a mail that turns out to be a report: for ordinary mail the
        // report text, the returned Message-ID and the failure phrases are never computed.
        Supplier<String> report = once(() -> BounceFields.cutOriginal(body));
        Supplier<String> messageId = once(() -> {
            String id = BounceFields.originalMessageId(parts, body);
            return id == null ? BounceFields.answeredMessageId(h) : id;
        });
        if (!records.isEmpty()) {
            Classification c = fields.fromDsn(records, report.get(), messageId.get(), h);
            if (c != null) return c;
        }

        Classification ses = SesNotification.read(body, reasons);
        if (ses != null) return ses;

        MailAddress from = h.from();
        String fromAddr = from == null || from.address() == null ? "" : from.address();
        String fromName = from == null || from.name() == null ? "" : from.name();
        // the mail system writes it: a daemon's address or name, or the null sender of notifications
        boolean nullSender = h.get("Return-Path") != null && ADDRESS_MARKS.matcher(h.get("Return-Path")).replaceAll("").isEmpty();
        boolean daemonByName = DAEMON_SENDER.matcher(fromAddr).find() || DAEMON_NAME.matcher(fromName).find();
        boolean daemon = daemonByName || nullSender;
        boolean bounceSubject = BOUNCE_SUBJECT.in(subject, rules);
        String failedHeader = h.get("X-Failed-Recipients");
        Supplier<Boolean> bodyMarker = once(() -> BOUNCE_BODY.in(report.get(), rules));
        // a bare three-digit number is too common in ordinary text; an enhanced status code is not
        Supplier<Boolean> codeInText = once(() -> BounceFields.ENHANCED.matcher(report.get()).find()
                || CODE_WITH_WORD.matcher(report.get()).find());
        // the held-out evaluation counts every phrase that speaks, so there nothing is skipped
        if (rules != Rules.ALL) bodyMarker.get();

        // A bounce by structure only, never by a phrase alone, since people write "undeliverable" and
        // "mailbox full" too: a header only MTAs write, a report layout that names recipients and a
        // failure, or a mail from the mail system that states a failure for a recipient or returns a mail.
        // RFC 3834 auto-replies use the null sender too: one answering a mail titled "Undeliverable" is no bounce
        boolean answers = FORWARD_OR_REPLY.matcher(subject).find() || VACATION_SUBJECT.matcher(subject).find();
        // a person forwarding a report ("Fwd: DELIVERY FAILURE ...") quotes its layout but sends no report
        ReportLayouts.Found layout = answers && !daemon ? null : ReportLayouts.find(body, rules);
        boolean attachesMail = !parts.returnedHeaders().isEmpty();
        boolean autoSubmitted = h.get("Auto-Submitted") != null && !lower(h.get("Auto-Submitted")).trim().startsWith("no");
        boolean bounce = failedHeader != null
                || layout != null
                // the envelope of a notification (RFC 5321: null sender), titled as a failure
                || nullSender && bounceSubject && !answers
                || !parts.deliveryStatus().isEmpty() && (bodyMarker.get() || bounceSubject)
                // a person forwarding a bounce ("Fwd: Undeliverable") is asking about it, not reporting it
                || (daemonByName || nullSender && !answers || attachesMail && (bounceSubject || NO_REPLY.matcher(fromAddr).find() || autoSubmitted)
                                && !FORWARD_OR_REPLY.matcher(subject).find())
                        && (bodyMarker.get() || codeInText.get() || bounceSubject)
                        && (attachesMail || returnedInline(body) || !BounceFields.recipientsInText(report.get()).isEmpty())
                // a mailing list's manager refusing the post: our mail did not get through
                || LIST_MANAGER.matcher(fromAddr).find() && fromListSoftware(h)
                        && LIST_REFUSAL.matcher(subject + "\n" + firstLines(report.get())).find();
        if (bounce) {
            boolean delay = DELAY_TEXT.matcher(report.get()).find() && !FINAL_WORDS.matcher(report.get()).find();
            Bounce b = layout != null ? fields.layoutBounce(layout, report.get(), messageId.get())
                    : fields.textBounce(report.get(), body, failedHeader, messageId.get(), delay);
            if (delay && layout == null) {
                return new Classification(Kind.DELIVERY_REPORT, b, "delay notice", true);
            }
            String signal = failedHeader != null ? "X-Failed-Recipients" : layout != null ? layout.name() + " non-delivery report"
                    : daemon ? "non-delivery report from " + fromAddr : "non-delivery report: " + subject.trim();
            return new Classification(Kind.BOUNCE, b, signal, true);
        }

        return autoReplyOrMessage(h, subject, body, precedence, bulk);
    }

    /** Feedback reports and read receipts, which announce themselves by MIME type; null for any other mail. */
    private static Classification reportByType(ReportParts parts, String subject, String contentType) {
        if ("feedback-report".equals(parts.reportType()) || !parts.feedbackReport().isEmpty()
                || contentType.contains("feedback-report")) {
            String type = field(parts.feedbackReport(), "Feedback-Type");
            return new Classification(Kind.FEEDBACK, null,
                    "feedback report" + (type == null ? "" : ": " + type), true);
        }
        // Microsoft's junk mail reporting program sends complaints without an ARF part
        if (JMRP_SUBJECT.matcher(subject).find() && !parts.returnedHeaders().isEmpty()) {
            return new Classification(Kind.FEEDBACK, null, "feedback report: complaint (JMRP)", true);
        }
        if ("disposition-notification".equals(parts.reportType()) || !parts.disposition().isEmpty()) {
            String disp = field(parts.disposition(), "Disposition");
            return new Classification(Kind.READ_RECEIPT, null,
                    "disposition notification" + (disp == null ? "" : ": " + disp), true);
        }
        return null;
    }

    /** A mail that is no report: an auto-reply, or a message (bulk or written by a person). */
    private static Classification autoReplyOrMessage(Headers h, String subject, String body, String precedence,
                                                     boolean bulk) {
        String auto = autoReplySignal(h, subject);
        if (auto == null && bulk && (WEAK_VACATION_SUBJECT.matcher(subject).find() || VACATION_BODY.matcher(firstLines(body)).find())) {
            auto = "Precedence: " + precedence.trim() + " with an absence notice";
        }
        if (auto != null && auto.startsWith("Auto-Submitted: auto-generated") && !answersSomething(h, subject, body)) {
            // RFC 3834: a notice written by a machine (a monitor, another desk's ticket update) that
            // answers no mail may open a case; it is only never answered
            return Classification.message(auto, true);
        }
        if (auto != null) return new Classification(Kind.AUTO_REPLY, null, auto, true);
        return Classification.message(bulk ? "Precedence: " + precedence.trim() : "written by a person", bulk);
    }

    private static final Pattern CODE_WITH_WORD = Pattern.compile(
            "^[ \\t]*[45]\\d\\d[ -][^\\n]*(user|mailbox|recipient|address|rejected|denied|refused|unknown)", I);
    private static final Pattern FINAL_WORDS = Pattern.compile("permanent|giving up|gave up|failed|could not be delivered", I);
    private static final Pattern REPLY_PREFIX = Pattern.compile("^\\s*(re|aw|sv|vs|antw|r|rif|odp|réf)\\s*:", I);
    private static final Pattern SUBJECT_NOISE = Pattern.compile("(?i)undeliver\\w*|delivery status notification|\\(failure\\)");
    private static final Pattern BULK = Pattern.compile("\\s*(bulk|junk|list)\\b.*");
    private static final Pattern ADDRESS_MARKS = Pattern.compile("[<>\\s]");
    private static final Map<String, Pattern> FIELDS = new ConcurrentHashMap<>();

    private static final Pattern NO_REPLY = Pattern.compile("^(no-?reply|do-?not-?reply)\\b", I);
    private static final Pattern FORWARD_OR_REPLY = Pattern.compile("^\\s*(re|fwd?|wg|aw|tr|sv|vs|antw|rv|enc)\\s*:", I);
    private static final Pattern RETURNED_HEADER = Pattern.compile("^(received|from|to|subject|date|message-id):\\s", I);

    /** The report quotes the header block of the returned mail in its text. */
    private static boolean returnedInline(String body) {
        String rest = body.length() > 20_000 ? body.substring(0, 20_000) : body;
        Matcher m = RETURNED_HEADER.matcher(rest.replace("\r\n", "\n").replace('\r', '\n'));
        int n = 0;
        while (m.find() && n < 2) n++;
        return n >= 2;
    }

    /** Headers only list software writes: a person at "it-admin@" is not a list manager. */
    private static boolean fromListSoftware(Headers h) {
        for (String name : List.of("Mailing-List", "List-Id", "List-Help", "List-Subscribe", "List-Post", "X-MLServer",
                "X-ML-Name", "X-Mailman-Version", "X-Listserver", "X-List")) {
            if (h.get(name) != null) return true;
        }
        return false;
    }

    /** An auto-generated mail that replies to a mail or reads as an absence notice is an auto-reply. */
    private static boolean answersSomething(Headers h, String subject, String body) {
        return h.get("In-Reply-To") != null
                || WEAK_VACATION_SUBJECT.matcher(subject).find()
                || VACATION_BODY.matcher(firstLines(body)).find()
                || REPLY_PREFIX.matcher(subject).find();
    }

    /** The first auto-reply signal found, or null. */
    private static String autoReplySignal(Headers h, String subject) {
        String as = h.get("Auto-Submitted");
        if (as != null && !lower(as).trim().startsWith("no")) return "Auto-Submitted: " + as.trim();
        for (String name : List.of("X-Autoreply", "X-Autorespond", "X-Autoresponder", "X-Autogenerated", "X-AutoReply-From",
                "X-Mail-Autoreply", "X-Vacation", "X-FC-MachineGenerated")) {
            if (h.get(name) != null) return name + ": " + h.get(name).trim();
        }
        String precedence = lower(h.get("Precedence")).trim();
        if (precedence.startsWith("auto_reply") || precedence.startsWith("auto-reply")) return "Precedence: " + precedence;
        String suppress = h.get("X-Auto-Response-Suppress");
        if (VACATION_SUBJECT.matcher(subject).find()) return "absence subject \"" + subject.trim() + "\"";
        // Outlook puts X-Auto-Response-Suppress on ordinary mail too: only with an absence subject
        if (suppress != null && WEAK_VACATION_SUBJECT.matcher(subject).find()) {
            return "X-Auto-Response-Suppress with subject \"" + subject.trim() + "\"";
        }
        return null;
    }

    private static String firstLines(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) : body;
    }

    static String field(String block, String name) {
        Matcher m = FIELDS.computeIfAbsent(name, n -> Pattern.compile("^" + Pattern.quote(n) + "\\s*:\\s*(.*)$", I)).matcher(block);
        return m.find() ? m.group(1).trim() : null;
    }

    /** A value computed at most once, and only when asked for. */
    private static <T> Supplier<T> once(Supplier<T> compute) {
        return new Supplier<>() {
            private T value;
            private boolean done;

            @Override
            public T get() {
                if (!done) {
                    value = compute.get();
                    done = true;
                }
                return value;
            }
        };
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}

package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.mail.ReportParts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
            "^\\s*complaint about message from \\d{1,3}(\\.\\d{1,3}){3}\\s*$", I);
    private static final Pattern EMBEDDED_PART = Pattern.compile("^content-type:\\s*message/delivery-status", I);
    private static final Pattern EMBEDDED_DSN = Pattern.compile("^(reporting-mta|final-recipient):", I);
    private static final Pattern PART_END = Pattern.compile("^(--\\S|content-type:)", I);
    private static final Pattern ORIGINAL_CUT = Pattern.compile(
            "^[-=_ ]*(this is a copy of the message|below this line is a copy|original message( follows)?|"
                    + "start of returned message|returned message|undelivered message|forwarded message|"
                    + "the original message(?! was received)|a copy of the original message|headers of the original|"
                    + "message headers follow|unsent message below|original message headers)[^\\n]*$|"
                    + "^(received|return-path|dkim-signature|x-received|arc-seal):\\s", I);
    private static final Pattern ENHANCED = Pattern.compile(
            "(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d]|\\.\\d)");
    private static final Pattern REPLY_CODE = Pattern.compile("(?<![\\d.#:-])([45]\\d\\d)(?:[ :-]|$)(?![\\d.])", I);
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?");
    private static final Pattern MESSAGE_ID = Pattern.compile(
            "^message-id:\\s*<?\\s*([^\\s<>]+@[^\\s<>]+?)\\s*>?\\s*$", I);
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

    /** Gmail wraps the remote answer in its own sentence about the recipient domain. */
    private static final Pattern RELAYED_ANSWER = Pattern.compile("the error that the other server returned was:\\s*", I);
    private static final Pattern QUOTED_REPLY = Pattern.compile(
            "^\\s*[245]\\.\\d{1,3}\\.\\d{1,3}\\b.{0,80}?\\b([45]\\d\\d[- ]['\"]?[245]\\.\\d{1,3}\\.\\d{1,3}\\b)");

    private final Rules rules;
    private final BounceReasons reasons;

    public MailClassifier() {
        this(Rules.ALL);
    }

    /** A classifier using only the rules {@code rules} lets take part (the corpus evaluation's held-out runs). */
    MailClassifier(Rules rules) {
        this.rules = rules;
        this.reasons = new BounceReasons(rules);
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
            String r = reasons.fromText(new Headers(mail, parts.headerBlock()).subject()
                    .replaceAll("(?i)undeliver\\w*|delivery status notification|\\(failure\\)", " "));
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
        boolean bulk = precedence.matches("\\s*(bulk|junk|list)\\b.*");
        String subject = h.subject();
        String contentType = lower(h.get("Content-Type"));

        // reports announce themselves by MIME type
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

        String body = parts.text();
        List<DsnRecord> records = DsnRecord.parse(!parts.deliveryStatus().isEmpty() ? parts.deliveryStatus()
                : embeddedDeliveryStatus(body));
        String report = cutOriginal(body);
        String messageId = originalMessageId(parts, body);
        if (messageId == null) messageId = answeredMessageId(h);
        if (!records.isEmpty()) {
            Classification c = fromDsn(records, report, messageId, h);
            if (c != null) return c;
        }

        Classification ses = SesNotification.read(body, reasons);
        if (ses != null) return ses;

        MailAddress from = h.from();
        String fromAddr = from == null || from.address() == null ? "" : from.address();
        String fromName = from == null || from.name() == null ? "" : from.name();
        // the mail system writes it: a daemon's address or name, or the null sender of notifications
        boolean nullSender = h.get("Return-Path") != null && h.get("Return-Path").replaceAll("[<>\\s]", "").isEmpty();
        boolean daemonByName = DAEMON_SENDER.matcher(fromAddr).find() || DAEMON_NAME.matcher(fromName).find();
        boolean daemon = daemonByName || nullSender;
        boolean bounceSubject = BOUNCE_SUBJECT.in(subject, rules);
        String failedHeader = h.get("X-Failed-Recipients");
        boolean bodyMarker = BOUNCE_BODY.in(report, rules);
        // a bare three-digit number is too common in ordinary text; an enhanced status code is not
        boolean codeInText = ENHANCED.matcher(report).find()
                || Pattern.compile("^\\s*[45]\\d\\d[ -][^\\n]*(user|mailbox|recipient|address|rejected|denied|refused|unknown)", I).matcher(report).find();

        // A bounce by structure only, never by a phrase alone, since people write "undeliverable" and
        // "mailbox full" too: a header only MTAs write, a report layout that names recipients and a
        // failure, or a mail from the mail system that states a failure for a recipient or returns a mail.
        ReportLayouts.Found layout = ReportLayouts.find(body, rules);
        boolean failureStated = bodyMarker || codeInText;
        boolean attachesMail = !parts.returnedHeaders().isEmpty();
        boolean autoSubmitted = h.get("Auto-Submitted") != null && !lower(h.get("Auto-Submitted")).trim().startsWith("no");
        // RFC 3834 auto-replies use the null sender too: one answering a mail titled "Undeliverable" is no bounce
        boolean answers = FORWARD_OR_REPLY.matcher(subject).find() || VACATION_SUBJECT.matcher(subject).find();
        boolean bounce = failedHeader != null
                || layout != null
                // the envelope of a notification (RFC 5321: null sender), titled as a failure
                || nullSender && bounceSubject && !answers
                || !parts.deliveryStatus().isEmpty() && (bodyMarker || bounceSubject)
                // a person forwarding a bounce ("Fwd: Undeliverable") is asking about it, not reporting it
                || (daemonByName || nullSender && !answers || attachesMail && (bounceSubject || NO_REPLY.matcher(fromAddr).find() || autoSubmitted)
                                && !FORWARD_OR_REPLY.matcher(subject).find())
                        && (failureStated || bounceSubject)
                        && (attachesMail || returnedInline(body) || !recipientsInText(report).isEmpty())
                // a mailing list's manager refusing the post: our mail did not get through
                || LIST_MANAGER.matcher(fromAddr).find() && fromListSoftware(h)
                        && LIST_REFUSAL.matcher(subject + "\n" + firstLines(report)).find();
        if (bounce) {
            boolean delay = DELAY_TEXT.matcher(report).find()
                    && !Pattern.compile("permanent|giving up|gave up|failed|could not be delivered", I).matcher(report).find();
            Bounce b = layout != null ? layoutBounce(layout, report, messageId)
                    : textBounce(report, body, failedHeader, messageId, delay);
            if (delay && layout == null) {
                return new Classification(Kind.DELIVERY_REPORT, b, "delay notice", true);
            }
            String signal = failedHeader != null ? "X-Failed-Recipients" : layout != null ? layout.name() + " non-delivery report"
                    : daemon ? "non-delivery report from " + fromAddr : "non-delivery report: " + subject.trim();
            return new Classification(Kind.BOUNCE, b, signal, true);
        }

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
                || Pattern.compile("^\\s*(re|aw|sv|vs|antw|r|rif|odp|réf)\\s*:", I).matcher(subject).find();
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

    private Classification fromDsn(List<DsnRecord> records, String report, String messageId, Headers h) {
        List<DsnRecord> failed = new ArrayList<>();
        List<DsnRecord> delayed = new ArrayList<>();
        List<DsnRecord> ok = new ArrayList<>();
        for (DsnRecord r : records) {
            String a = r.action();
            if (a.startsWith("fail") || a.isEmpty() && r.status() != null && r.status().startsWith("5")) failed.add(r);
            else if (a.startsWith("delay") || a.isEmpty() && r.status() != null && r.status().startsWith("4")) delayed.add(r);
            else if (a.startsWith("deliver") || a.startsWith("relay") || a.startsWith("expand")
                    || a.isEmpty() && r.status() != null && r.status().startsWith("2")) ok.add(r);
        }
        if (!failed.isEmpty()) {
            return new Classification(Kind.BOUNCE, dsnBounce(failed, report, messageId, true), "delivery status: failed", true);
        }
        if (!delayed.isEmpty()) {
            return new Classification(Kind.DELIVERY_REPORT, dsnBounce(delayed, report, messageId, false),
                    "delivery status: delayed", true);
        }
        if (!ok.isEmpty()) {
            List<String> rcpts = ok.stream().map(DsnRecord::recipient).filter(x -> x != null).toList();
            return new Classification(Kind.DELIVERY_REPORT,
                    new Bounce("delivered", ok.get(0).status(), false, rcpts, messageId, ok.get(0).diagnostic()),
                    "delivery status: " + ok.get(0).action(), true);
        }
        return null;
    }

    private Bounce dsnBounce(List<DsnRecord> recs, String report, String messageId, boolean failed) {
        Bounce.Failure head = failureOf(recs.get(0), report, failed);
        List<String> rcpts = new ArrayList<>();
        List<Bounce.Failure> failures = new ArrayList<>();
        for (DsnRecord r : recs) {
            if (r.recipient() == null || rcpts.contains(r.recipient())) continue;
            rcpts.add(r.recipient());
            failures.add(r == recs.get(0) ? head : failureOf(r, report, failed));
        }
        return new Bounce(head.reason(), head.status(), head.permanent(), rcpts, messageId, head.diagnostic(), failures);
    }

    private Bounce.Failure failureOf(DsnRecord r, String report, boolean failed) {
        String diag = r.diagnostic();
        String status = r.status();
        String quoted = quotedReply(diag);
        if (quoted != null) {
            diag = quoted;
            String inner = firstMatch(ENHANCED, quoted);
            if (inner != null) status = inner;
        }
        // without a Diagnostic-Code some servers give the answer only in the prose, next to the address
        if (diag == null && (status == null || status.endsWith(".0.0"))) diag = answerNextTo(r.recipient(), report);
        if ((status == null || status.endsWith(".0.0")) && diag != null) {
            String s = firstMatch(ENHANCED, diag);
            if (s != null) status = s;
        }
        String reason = reasons.decide(diag, status, report, !failed, r.diagnosticType());
        boolean permanent = failed && (status == null || !status.startsWith("4"));
        // a temporary status on a final failure means the server gave up retrying
        if (failed && status != null && status.startsWith("4") && gaveUp(reason, diag)) reason = "expired";
        return new Bounce.Failure(r.recipient(), reason, status, permanent, diag);
    }

    /** The prose line that names {@code recipient} and carries a server reply code, or null. */
    private static String answerNextTo(String recipient, String report) {
        if (recipient == null || report == null) return null;
        String needle = recipient.toLowerCase(Locale.ROOT);
        for (String line : report.split("\\r?\\n|\\r")) {
            String t = line.trim();
            int at = t.toLowerCase(Locale.ROOT).indexOf(needle);
            if (at < 0) continue;
            String rest = t.substring(at + needle.length());
            if (REPLY_CODE.matcher(rest).find() || ENHANCED.matcher(rest).find()) return t;
        }
        return null;
    }

    /**
     * A relay that reports in its own words and quotes the remote server's reply
     * ("5.1.0 - Unknown address error 550-'5.7.1 ... Access denied'"): the quoted reply is the answer.
     */
    static String quotedReply(String diag) {
        if (diag == null) return null;
        Matcher m = QUOTED_REPLY.matcher(diag);
        if (m.find()) return diag.substring(m.start(1));
        m = RELAYED_ANSWER.matcher(diag);
        return m.find() && m.end() < diag.length() ? diag.substring(m.end()).trim() : null;
    }

    /** A temporary error that ended in a final failure: the server ran out of retries. */
    private static boolean gaveUp(String reason, String diag) {
        if ("undefined".equals(reason) || "onhold".equals(reason)) return true;
        return "networkerror".equals(reason) && diag != null
                && Pattern.compile("timed out|unable to connect|establish|connection refused|could not connect|not accept our requests to connect", I).matcher(diag).find()
                && !Pattern.compile("dns|loop|lost connection", I).matcher(diag).find();
    }

    private Bounce layoutBounce(ReportLayouts.Found layout, String report, String messageId) {
        String diag = layout.diagnostic();
        String status = firstMatch(ENHANCED, diag);
        String reason = reasons.decide(diag, status, report, false, null);
        // the layout gives the server's verdict on the recipient itself, not a reply to the content
        if ("filtered".equals(reason) && "userunknown".equals(reasons.fromText(diag))) reason = "userunknown";
        boolean permanent = status == null || status.startsWith("5");
        return new Bounce(reason, status, permanent, layout.recipients(), messageId, diag);
    }

    private Bounce textBounce(String report, String body, String failedHeader, String messageId, boolean delay) {
        Set<String> rcpts = new LinkedHashSet<>();
        if (failedHeader != null) {
            Matcher m = ADDRESS.matcher(failedHeader);
            while (m.find()) rcpts.add(m.group());
        }
        if (rcpts.isEmpty()) rcpts.addAll(recipientsInText(report));
        List<String> recipients = new ArrayList<>(rcpts);
        List<Bounce.Failure> failures = perRecipient(recipients, report, delay);
        Bounce.Failure head = failures.isEmpty() ? textFailure(null, report, report, delay) : failures.get(0);
        return new Bounce(head.reason(), head.status(), head.permanent(), recipients, messageId, head.diagnostic(), failures);
    }

    private Bounce.Failure textFailure(String recipient, String text, String report, boolean delay) {
        String diag = diagnosticLines(text);
        String quoted = quotedReply(diag);
        if (quoted != null) diag = quoted;
        String status = firstMatch(ENHANCED, diag == null ? "" : diag);
        if (status == null) status = firstMatch(ENHANCED, text);
        String reason = reasons.decide(diag, status, report, delay, null);
        boolean permanent;
        if (status != null) permanent = status.startsWith("5");
        else {
            String code = firstMatch(REPLY_CODE, diag == null ? text : diag);
            permanent = code == null ? !delay : code.startsWith("5");
        }
        if (delay) permanent = false;
        else if (!permanent && gaveUp(reason, diag)) reason = "expired";
        return new Bounce.Failure(recipient, reason, status, permanent, diag);
    }

    /**
     * A report that answers for each recipient in its own block ("a@x: 550 unknown", then "b@x: 552 full")
     * gives each its own verdict. Empty when the blocks cannot be told apart: then one verdict holds for all.
     */
    private List<Bounce.Failure> perRecipient(List<String> recipients, String report, boolean delay) {
        if (recipients.size() < 2 || recipients.size() > 50) return List.of();
        String[] lines = report.split("\\r?\\n|\\r");
        String[] lower = report.toLowerCase(Locale.ROOT).split("\\r?\\n|\\r");
        int[] first = new int[recipients.size()];
        for (int i = 0; i < recipients.size(); i++) {
            first[i] = -1;
            String needle = recipients.get(i).toLowerCase(Locale.ROOT);
            for (int l = 0; l < lower.length && first[i] < 0; l++) {
                if (lower[l].contains(needle)) first[i] = l;
            }
            // a recipient not named, or named on the same line as the one before, has no block of its own
            if (first[i] < 0 || i > 0 && first[i] <= first[i - 1]) return List.of();
        }
        int longest = 0;
        for (int i = 1; i < first.length; i++) longest = Math.max(longest, first[i] - first[i - 1]);
        List<Bounce.Failure> out = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            int to = i + 1 < first.length ? first[i + 1] : Math.min(lines.length, first[i] + longest);
            String block = String.join("\n", java.util.Arrays.copyOfRange(lines, first[i], to));
            if (diagnosticLines(block) == null) return List.of();
            out.add(textFailure(recipients.get(i), block, report, delay));
        }
        return out;
    }

    /** The lines that carry the remote server's answer. */
    private static String diagnosticLines(String report) {
        String[] lines = report.split("\\r?\\n|\\r");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length && sb.length() < 1000; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) continue;
            if (ENHANCED.matcher(line).find() || REPLY_CODE.matcher(line).find() && !line.matches("(?i).*\\b(received|date|from|by)\\b.*\\d{2}:\\d{2}.*")
                    || Pattern.compile("said:|remote server|diagnostic|reason:|error:|smtp error|the error that", I).matcher(line).find()) {
                sb.append(line);
                // the server's text often wraps onto indented lines
                for (int j = i + 1; j < lines.length && j <= i + 3; j++) {
                    String next = lines[j];
                    if (next.isBlank() || !Character.isWhitespace(next.charAt(0))) break;
                    sb.append(' ').append(next.trim());
                    i = j;
                }
                sb.append('\n');
            }
        }
        String s = sb.toString().trim();
        return s.isEmpty() ? null : s;
    }

    private static List<String> recipientsInText(String report) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : report.split("\\r?\\n|\\r")) {
            String t = line.trim();
            Matcher m = ADDRESS.matcher(t);
            if (!m.find()) continue;
            String addr = m.group();
            String rest = (t.substring(0, m.start()) + t.substring(m.end())).replaceAll("[<>\"':;,()\\[\\]*-]", " ").trim();
            // an address alone on a line, or leading a server answer, is a failed recipient
            if (rest.isEmpty() || t.startsWith("<" + addr + ">") || t.startsWith(addr + ":")
                    || t.startsWith(addr) && t.substring(addr.length()).trim().startsWith("[")
                    || Pattern.compile("^on \\w{3}\\b", I).matcher(rest).find()
                    || Pattern.compile("(delivered to|recipients?|address(es)?|failed|was not delivered to)\\s*$", I).matcher(rest).find()
                    || Pattern.compile("^(recipient|original-recipient|final-recipient|failed recipient|rcpt to|address)\\b", I).matcher(rest).find()) {
                if (!addr.toLowerCase(Locale.ROOT).startsWith("mailer-daemon") && !addr.toLowerCase(Locale.ROOT).startsWith("postmaster")) {
                    out.add(addr.replaceAll("\\.$", ""));
                }
            }
            if (out.size() >= 50) break;
        }
        if (out.isEmpty()) {
            // prose forms: "error delivering your mail to <a@b>", "exceeds allowed size: a@b"
            Matcher m = Pattern.compile("(?:deliver\\w*|sending|sent|transmit\\w*)\\b[^\\n<@]{0,30}?\\bto:?\\s*<?(" + ADDRESS.pattern()
                    + ")|:[ \\t]*<?(" + ADDRESS.pattern() + ")>?[ \\t]*\\.?[ \\t]*$", I).matcher(report);
            while (m.find() && out.size() < 50) out.add((m.group(1) != null ? m.group(1) : m.group(2)).replaceAll("\\.$", ""));
        }
        return new ArrayList<>(out);
    }

    private static String originalMessageId(ReportParts parts, String body) {
        String id = firstMatch(MESSAGE_ID, parts.returnedHeaders());
        if (id == null) id = firstMatch(MESSAGE_ID, body);
        // broken boundaries leave the returned headers inside another part
        if (id == null) id = firstMatch(MESSAGE_ID, parts.deliveryStatus());
        return id;
    }

    /**
     * The delivery-status fields of a report whose MIME headers were lost, still written in its text
     * under their part header; fields a person pasted into a message have no part header above them.
     */
    static String embeddedDeliveryStatus(String body) {
        Matcher part = EMBEDDED_PART.matcher(body);
        if (!part.find()) return "";
        Matcher start = EMBEDDED_DSN.matcher(body);
        if (!start.find(part.end())) return "";
        Matcher end = PART_END.matcher(body);
        int to = end.find(start.end()) ? end.start() : body.length();
        return body.substring(start.start(), to);
    }

    /** A report that returns no copy may still name the mail it answers, as a reply does. */
    private static String answeredMessageId(Headers h) {
        String refs = h.get("In-Reply-To");
        if (refs == null) refs = h.get("References");
        if (refs == null) return null;
        Matcher m = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>").matcher(refs);
        String last = null;
        while (m.find()) last = m.group(1);
        return last;
    }

    /** The report without the returned original, whose words would mislead the reason. */
    private static String cutOriginal(String body) {
        Matcher m = ORIGINAL_CUT.matcher(body);
        int min = 40;
        while (m.find()) {
            if (m.start() >= min) return body.substring(0, m.start());
        }
        return body;
    }

    private static String firstLines(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) : body;
    }

    private static String firstMatch(Pattern p, String s) {
        if (s == null) return null;
        Matcher m = p.matcher(s);
        if (!m.find()) return null;
        return m.groupCount() >= 1 && p != ENHANCED ? m.group(1) : m.group();
    }

    static String field(String block, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\s*:\\s*(.*)$", I).matcher(block);
        return m.find() ? m.group(1).trim() : null;
    }

    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}

package dev.mail2case.screen;

import dev.mail2case.mail.ReportParts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a mail already told to be a bounce or a delivery report: failed recipients, status,
 * the server's answer and its reason, the returned mail's Message-ID. Reads only the report's text and
 * parts; which kind of mail it is was decided before, by {@link MailClassifier}.
 */
final class BounceFields {

    private static final int I = Pattern.CASE_INSENSITIVE | Pattern.MULTILINE;

    private static final Pattern EMBEDDED_PART = Pattern.compile("^content-type:\\s*message/delivery-status", I);
    private static final Pattern EMBEDDED_DSN = Pattern.compile("^(reporting-mta|final-recipient):", I);
    private static final Pattern PART_END = Pattern.compile("^(--\\S|content-type:)", I);
    private static final Pattern ORIGINAL_CUT = Pattern.compile(
            "^[-=_ ]*(this is a copy of the message|below this line is a copy|original message( follows)?|"
                    + "start of returned message|returned message|undelivered message|forwarded message|"
                    + "the original message(?! was received)|a copy of the original message|headers of the original|"
                    + "message headers follow|unsent message below|original message headers)[^\\n]*$|"
                    + "^(received|return-path|dkim-signature|x-received|arc-seal):\\s", I);
    static final Pattern ENHANCED = Pattern.compile(
            "(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d]|\\.\\d)");
    private static final Pattern REPLY_CODE = Pattern.compile("(?<![\\d.#:-])([45]\\d\\d)(?:[ :-]|$)(?![\\d.])", I);
    static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?");
    private static final Pattern MESSAGE_ID = Pattern.compile(
            "^message-id:\\s*<?\\s*([^\\s<>]+@[^\\s<>]+?)\\s*>?\\s*$", I);
    /** Gmail wraps the remote answer in its own sentence about the recipient domain. */
    private static final Pattern RELAYED_ANSWER = Pattern.compile("the error that the other server returned was:\\s*", I);
    private static final Pattern QUOTED_REPLY = Pattern.compile(
            "^\\s*[245]\\.\\d{1,3}\\.\\d{1,3}\\b.{0,80}?\\b([45]\\d\\d[- ]['\"]?[245]\\.\\d{1,3}\\.\\d{1,3}\\b)");
    private static final Pattern LINES = Pattern.compile("\\r?\\n|\\r");
    private static final Pattern CONNECT_FAILED = Pattern.compile(
            "timed out|unable to connect|establish|connection refused|could not connect|not accept our requests to connect", I);
    private static final Pattern NOT_CONNECT = Pattern.compile("dns|loop|lost connection", I);
    private static final Pattern TRACE_LINE = Pattern.compile("(?i).*\\b(received|date|from|by)\\b.*\\d{2}:\\d{2}.*");
    private static final Pattern ANSWER_WORDS = Pattern.compile(
            "said:|remote server|diagnostic|reason:|error:|smtp error|the error that", I);
    private static final Pattern PUNCTUATION = Pattern.compile("[<>\"':;,()\\[\\]*-]");
    private static final Pattern DATE_LEAD = Pattern.compile("^on \\w{3}\\b", I);
    private static final Pattern RECIPIENT_LEAD = Pattern.compile(
            "(delivered to|recipients?|address(es)?|failed|was not delivered to)\\s*$", I);
    private static final Pattern RECIPIENT_FIELD = Pattern.compile(
            "^(recipient|original-recipient|final-recipient|failed recipient|rcpt to|address)\\b", I);
    private static final Pattern PROSE_RECIPIENT = Pattern.compile(
            "(?:deliver\\w*|sending|sent|transmit\\w*)\\b[^\\n<@]{0,30}?\\bto:?\\s*<?(" + ADDRESS.pattern()
                    + ")|:[ \\t]*<?(" + ADDRESS.pattern() + ")>?[ \\t]*\\.?[ \\t]*$", I);
    private static final Pattern BRACKETED_ID = Pattern.compile("<([^<>\\s]+@[^<>\\s]+)>");
    private static final Pattern TRAILING_DOT = Pattern.compile("\\.$");

    private final BounceReasons reasons;

    BounceFields(BounceReasons reasons) {
        this.reasons = reasons;
    }

    Classification fromDsn(List<DsnRecord> records, String report, String messageId, Headers h) {
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

    Bounce dsnBounce(List<DsnRecord> recs, String report, String messageId, boolean failed) {
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

    Bounce.Failure failureOf(DsnRecord r, String report, boolean failed) {
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
    static String answerNextTo(String recipient, String report) {
        if (recipient == null || report == null) return null;
        String needle = recipient.toLowerCase(Locale.ROOT);
        for (String line : LINES.split(report)) {
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
    static boolean gaveUp(String reason, String diag) {
        if ("undefined".equals(reason) || "onhold".equals(reason)) return true;
        return "networkerror".equals(reason) && diag != null
                && CONNECT_FAILED.matcher(diag).find()
                && !NOT_CONNECT.matcher(diag).find();
    }

    Bounce layoutBounce(ReportLayouts.Found layout, String report, String messageId) {
        String diag = layout.diagnostic();
        String status = firstMatch(ENHANCED, diag);
        String reason = reasons.decide(diag, status, report, false, null);
        // the layout gives the server's verdict on the recipient itself, not a reply to the content
        if ("filtered".equals(reason) && "userunknown".equals(reasons.fromText(diag))) reason = "userunknown";
        boolean permanent = status == null || status.startsWith("5");
        return new Bounce(reason, status, permanent, layout.recipients(), messageId, diag);
    }

    Bounce textBounce(String report, String body, String failedHeader, String messageId, boolean delay) {
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

    Bounce.Failure textFailure(String recipient, String text, String report, boolean delay) {
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
    List<Bounce.Failure> perRecipient(List<String> recipients, String report, boolean delay) {
        if (recipients.size() < 2 || recipients.size() > 50) return List.of();
        String[] lines = LINES.split(report);
        String[] lower = LINES.split(report.toLowerCase(Locale.ROOT));
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
    static String diagnosticLines(String report) {
        String[] lines = LINES.split(report);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.length && sb.length() < 1000; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) continue;
            if (ENHANCED.matcher(line).find() || REPLY_CODE.matcher(line).find() && !TRACE_LINE.matcher(line).matches()
                    || ANSWER_WORDS.matcher(line).find()) {
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

    static List<String> recipientsInText(String report) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : LINES.split(report)) {
            String t = line.trim();
            Matcher m = ADDRESS.matcher(t);
            if (!m.find()) continue;
            String addr = m.group();
            String rest = PUNCTUATION.matcher(t.substring(0, m.start()) + t.substring(m.end())).replaceAll(" ").trim();
            // an address alone on a line, or leading a server answer, is a failed recipient
            if (rest.isEmpty() || t.startsWith("<" + addr + ">") || t.startsWith(addr + ":")
                    || t.startsWith(addr) && t.substring(addr.length()).trim().startsWith("[")
                    || DATE_LEAD.matcher(rest).find()
                    || RECIPIENT_LEAD.matcher(rest).find()
                    || RECIPIENT_FIELD.matcher(rest).find()) {
                if (!addr.toLowerCase(Locale.ROOT).startsWith("mailer-daemon") && !addr.toLowerCase(Locale.ROOT).startsWith("postmaster")) {
                    out.add(TRAILING_DOT.matcher(addr).replaceAll(""));
                }
            }
            if (out.size() >= 50) break;
        }
        if (out.isEmpty()) {
            // prose forms: "error delivering your mail to <a@b>", "exceeds allowed size: a@b"
            Matcher m = PROSE_RECIPIENT.matcher(report);
            while (m.find() && out.size() < 50) out.add(TRAILING_DOT.matcher(m.group(1) != null ? m.group(1) : m.group(2)).replaceAll(""));
        }
        return new ArrayList<>(out);
    }

    static String originalMessageId(ReportParts parts, String body) {
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
        // the multi-line pattern tries every position of the body; ordinary mail never names the type
        if (!body.toLowerCase(Locale.ROOT).contains("message/delivery-status")) return "";
        Matcher part = EMBEDDED_PART.matcher(body);
        if (!part.find()) return "";
        Matcher start = EMBEDDED_DSN.matcher(body);
        if (!start.find(part.end())) return "";
        Matcher end = PART_END.matcher(body);
        int to = end.find(start.end()) ? end.start() : body.length();
        return body.substring(start.start(), to);
    }

    /** A report that returns no copy may still name the mail it answers, as a reply does. */
    static String answeredMessageId(Headers h) {
        String refs = h.get("In-Reply-To");
        if (refs == null) refs = h.get("References");
        if (refs == null) return null;
        Matcher m = BRACKETED_ID.matcher(refs);
        String last = null;
        while (m.find()) last = m.group(1);
        return last;
    }

    /** The report without the returned original, whose words would mislead the reason. */
    static String cutOriginal(String body) {
        Matcher m = ORIGINAL_CUT.matcher(body);
        int min = 40;
        while (m.find()) {
            if (m.start() >= min) return body.substring(0, m.start());
        }
        return body;
    }

    static String firstMatch(Pattern p, String s) {
        if (s == null) return null;
        Matcher m = p.matcher(s);
        if (!m.find()) return null;
        return m.groupCount() >= 1 && p != ENHANCED ? m.group(1) : m.group();
    }
}

package dev.mail2case.screen;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Non-delivery reports of servers that write no delivery-status part but a fixed layout of their own:
 * a block naming the recipients and a block giving the failure. Recognised by that layout, never by a
 * phrase alone: a layout counts only when it yields a recipient and a failure text.
 */
final class ReportLayouts {

    private ReportLayouts() {
    }

    /** What a layout found: the failed recipients and the server's words about them. */
    record Found(String name, List<String> recipients, String diagnostic) {
    }

    private static final int I = Pattern.CASE_INSENSITIVE | Pattern.MULTILINE;
    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~.\\-]+@[A-Za-z0-9](?:[A-Za-z0-9\\-.]*[A-Za-z0-9])?");

    /** Lotus Domino: "Your message / Subject: ... / was not delivered to: / addr / because: / words". */
    private static final String DOMINO = Rules.id("layout:domino", "lhost-domino");
    private static final Pattern DOMINO_LAYOUT = Pattern.compile(
            "^[ \\t]*your (?:message|document)\\b[\\s\\S]{0,1000}?^[ \\t]*was not delivered to:\\s*$([\\s\\S]{1,2000}?)^[ \\t]*because:\\s*$\\s*([^\\n]+)", I);

    /** Lotus Notes SMTP MTA: "------- Failure Reasons --------" lines, then "------- Returned Message --------". */
    private static final String NOTES = Rules.id("layout:notes", "lhost-notes");
    private static final Pattern NOTES_LAYOUT = Pattern.compile(
            "^-{3,}[ \\t]*failure reasons[ \\t]*-{3,}\\s*$([\\s\\S]{1,3000}?)^-{3,}[ \\t]*returned message[ \\t]*-{3,}", I);

    /**
     * Apache James and the carriers running it: the error under "Error message below:" (or "Error:"),
     * then "Message details:" with an indented "RCPT TO:" line per recipient.
     */
    private static final String JAMES = Rules.id("layout:message-details", "lhost-apachejames", "lhost-james", "lhost-verizon");
    private static final Pattern JAMES_ERROR = Pattern.compile(
            "^[ \\t]*(?:error message below:\\s*$\\s*([^\\n]+)|error:\\s*([^\\n]+))", I);
    private static final Pattern JAMES_DETAILS = Pattern.compile("^[ \\t]*message details:\\s*$", I);
    private static final Pattern JAMES_RCPT = Pattern.compile("^\\s+rcpt to:\\s*<?(" + ADDRESS.pattern() + ")", I);
    /** The remote reply as James writes it: "550 - Requested action not taken: ...". */
    private static final Pattern JAMES_REPLY = Pattern.compile("^[ \\t]*([45]\\d\\d\\s+-\\s+[^\\n]+)", I);

    /** A mobile carrier's MMS gateway: "Message could not be delivered to mobile." / "Error: ..." / "Original Message:" / "To: ...". */
    private static final String MOBILE = Rules.id("layout:mobile-gateway", "lhost-verizon");
    private static final Pattern MOBILE_LAYOUT = Pattern.compile(
            "^[ \\t]*message could not be delivered to mobile\\.?\\s*$[\\s\\S]{0,500}?^[ \\t]*error:\\s*([^\\n]+)"
                    + "[\\s\\S]{0,500}?^[ \\t]*original message:?\\s*$([\\s\\S]{0,1500})", I);
    private static final Pattern TO_LINE = Pattern.compile("^to:\\s*(.+)$", I);

    /**
     * Words every layout has: ordinary mail is spared the layouts' patterns. Searched in a lower-case copy,
     * which costs far less than a case-insensitive pattern tried at every position of every body.
     */
    private static final List<String> ANY_LAYOUT = List.of(
            "was not delivered to:", "failure reasons", "message details:", "delivered to mobile");

    private static boolean anyLayout(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String words : ANY_LAYOUT) {
            if (lower.contains(words)) return true;
        }
        return false;
    }

    /** The first layout the text follows, or null. */
    static Found find(String text, Rules rules) {
        if (text == null || text.isEmpty() || !anyLayout(text)) return null;
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        Found f;
        if (rules.on(DOMINO) && (f = domino(t)) != null) return used(rules, DOMINO, f);
        if (rules.on(NOTES) && (f = notes(t)) != null) return used(rules, NOTES, f);
        if (rules.on(JAMES) && (f = james(t)) != null) return used(rules, JAMES, f);
        if (rules.on(MOBILE) && (f = mobile(t)) != null) return used(rules, MOBILE, f);
        return null;
    }

    private static Found used(Rules rules, String id, Found f) {
        rules.used(id);
        return f;
    }

    private static Found domino(String t) {
        Matcher m = DOMINO_LAYOUT.matcher(t);
        if (!m.find()) return null;
        return found("Domino", addresses(m.group(1)), m.group(2));
    }

    private static Found notes(String t) {
        Matcher m = NOTES_LAYOUT.matcher(t);
        if (!m.find()) return null;
        List<String> rcpts = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        for (String line : m.group(1).split("\n")) {
            String s = line.trim();
            if (s.isEmpty()) continue;
            Matcher a = ADDRESS.matcher(s);
            if (a.matches()) rcpts.add(a.group());
            else words.append(s).append(' ');
        }
        return found("Lotus Notes", rcpts, words.toString());
    }

    private static Found james(String t) {
        Matcher details = JAMES_DETAILS.matcher(t);
        if (!details.find()) return null;
        Matcher e = JAMES_ERROR.matcher(t.substring(0, details.start()));
        if (!e.find()) return null;
        String error = e.group(1) != null ? e.group(1) : e.group(2);
        // some carriers put the remote reply below the details instead of under "Error:"
        Matcher reply = JAMES_REPLY.matcher(t);
        if (reply.find() && !error.contains(reply.group(1).trim())) error = error + " " + reply.group(1);
        List<String> rcpts = new ArrayList<>();
        Matcher r = JAMES_RCPT.matcher(t.substring(details.end()));
        while (r.find()) rcpts.add(r.group(1));
        return found("message details", rcpts, error);
    }

    private static Found mobile(String t) {
        Matcher m = MOBILE_LAYOUT.matcher(t);
        if (!m.find()) return null;
        List<String> rcpts = new ArrayList<>();
        for (String line : m.group(2).split("\n")) {
            Matcher to = TO_LINE.matcher(line.trim());
            if (to.find()) rcpts.addAll(addresses(to.group(1)));
        }
        return found("mobile gateway", rcpts, m.group(1));
    }

    private static Found found(String name, List<String> rcpts, String diagnostic) {
        String diag = diagnostic == null ? "" : diagnostic.replaceAll("\\s+", " ").trim();
        if (rcpts.isEmpty() || diag.isEmpty()) return null;
        return new Found(name, List.copyOf(new LinkedHashSet<>(rcpts)), diag);
    }

    private static List<String> addresses(String block) {
        Set<String> out = new LinkedHashSet<>();
        Matcher a = ADDRESS.matcher(block);
        while (a.find()) out.add(a.group().replaceAll("\\.$", ""));
        return new ArrayList<>(out);
    }
}

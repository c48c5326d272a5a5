package dev.mail2case.screen;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reasons some providers state outright, in their own error codes or headlines. They beat any
 * reading of the words, since the words in those bounces are generic ("sender rejected").
 */
final class ProviderVerdicts {

    private ProviderVerdicts() {
    }

    private static final int I = Pattern.CASE_INSENSITIVE;

    /** Charter/Spectrum: "AUP#In-1310", "AUP#O-1000"; ranges from its published code list. */
    private static final Pattern SPECTRUM = Pattern.compile("AUP#(?:I|In|O|Out)-?(\\d{4})\\b", I);
    private static final int[][] SPECTRUM_RANGES = {
            {1000, 1000}, {1010, 1010}, {1020, 1080}, {1090, 1090}, {1100, 1150}, {1160, 1190}, {1200, 1250},
            {1260, 1260}, {1300, 1340}, {1350, 1490}, {1500, 1520}, {1530, 1530}, {1540, 1550}, {1560, 1560},
            {1580, 1580}};
    private static final String[] SPECTRUM_REASONS = {
            "blocked", "rejected", "rejected", "systemerror", "requireptr", "policyviolation", "blocked",
            "networkerror", "toomanyconn", "speeding", "rejected", "mesgtoobig", "speeding", "policyviolation",
            "speeding"};

    /** Cox: "AUP#CXBL" and friends, from its postmaster page. */
    private static final Pattern COX = Pattern.compile("AUP#\\s*([A-Z]{2,6}\\d{0,5})\\b");
    private static final Map<String, String> COX_CODES = Map.ofEntries(
            Map.entry("CXBL", "blocked"), Map.entry("CDRBL", "blocked"), Map.entry("CXDNS", "requireptr"),
            Map.entry("CXSNDR", "authfailure"), Map.entry("CXSMTP", "rejected"), Map.entry("CXCNCT", "toomanyconn"),
            Map.entry("CXMXRT", "toomanyconn"), Map.entry("CXTHRT", "securityerror"), Map.entry("CXMJ", "securityerror"));

    /** Orange and La Poste end their replies with a label such as "OFR_506" or "LPN007_416". */
    private static final Pattern ORANGE = Pattern.compile("\\b(?:LPN|LPNAAA|OFR|OUK)\\d*[_-]?(\\d{3})\\b", I);
    private static final Map<String, String> ORANGE_CODES = Map.ofEntries(
            Map.entry("101", "blocked"), Map.entry("102", "blocked"), Map.entry("103", "blocked"),
            Map.entry("104", "toomanyconn"), Map.entry("305", "securityerror"), Map.entry("401", "authfailure"),
            Map.entry("402", "securityerror"), Map.entry("403", "rejected"), Map.entry("405", "rejected"),
            Map.entry("415", "rejected"), Map.entry("416", "userunknown"), Map.entry("417", "mailboxfull"),
            Map.entry("420", "suspend"), Map.entry("421", "rejected"), Map.entry("426", "suspend"),
            Map.entry("505", "systemerror"), Map.entry("506", "spamdetected"), Map.entry("510", "blocked"),
            Map.entry("514", "mesgtoobig"), Map.entry("517", "authfailure"), Map.entry("630", "policyviolation"),
            Map.entry("999", "blocked"));

    /** GoDaddy's inbound servers end each refusal with a code such as "IB607". */
    private static final Pattern GODADDY = Pattern.compile("(?<![\\w#])IB(\\d{3})\\b");
    private static final Map<String, String> GODADDY_CODES = Map.ofEntries(
            Map.entry("401", "securityerror"), Map.entry("501", "notcompliantrfc"), Map.entry("502", "notcompliantrfc"),
            Map.entry("506", "rejected"), Map.entry("508", "authfailure"), Map.entry("108", "requireptr"),
            Map.entry("212", "spamdetected"), Map.entry("705", "virusdetected"), Map.entry("605", "toomanyconn"),
            Map.entry("007", "toomanyconn"), Map.entry("101", "speeding"), Map.entry("110", "blocked"),
            Map.entry("111", "blocked"), Map.entry("112", "blocked"), Map.entry("113", "blocked"),
            Map.entry("504", "speeding"), Map.entry("510", "speeding"), Map.entry("607", "speeding"),
            Map.entry("103", "badreputation"), Map.entry("104", "blocked"), Map.entry("105", "blocked"),
            Map.entry("106", "blocked"));

    /** Yahoo refuses unknown mailboxes only after the content ("554 delivery error: dd This user doesn't have ..."). */
    private static final Pattern YAHOO_NO_ACCOUNT = Pattern.compile("delivery error: dd this user doesn't have", I);
    /** Gmail refusing a "Send mail as" alias: the sender address is what was refused. */
    private static final Pattern GMAIL_SEND_AS = Pattern.compile("CustomFromDenied|using the 'send mail as' feature", I);

    /** The provider's own verdict, or null when the text carries none. */
    static String of(String text) {
        if (text == null || text.isEmpty()) return null;
        Matcher m = SPECTRUM.matcher(text);
        if (m.find()) {
            int code = Integer.parseInt(m.group(1));
            for (int i = 0; i < SPECTRUM_RANGES.length; i++) {
                if (code >= SPECTRUM_RANGES[i][0] && code <= SPECTRUM_RANGES[i][1]) return SPECTRUM_REASONS[i];
            }
        }
        m = COX.matcher(text);
        if (m.find()) {
            String code = m.group(1);
            if (code.startsWith("IPBL")) return "blocked";
            if (code.startsWith("URLBL")) return "spamdetected";
            if (COX_CODES.containsKey(code)) return COX_CODES.get(code);
        }
        m = ORANGE.matcher(text);
        if (m.find() && ORANGE_CODES.containsKey(m.group(1))) return ORANGE_CODES.get(m.group(1));
        m = GODADDY.matcher(text);
        if (m.find() && GODADDY_CODES.containsKey(m.group(1))) return GODADDY_CODES.get(m.group(1));
        if (YAHOO_NO_ACCOUNT.matcher(text).find()) return "userunknown";
        if (GMAIL_SEND_AS.matcher(text).find()) return "rejected";
        return null;
    }
}

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
    private static final Map<String, String> COX_CODES = table(
            "CXBL blocked, CDRBL blocked, CXDNS requireptr, CXSNDR authfailure, CXSMTP rejected,"
            + " CXCNCT toomanyconn, CXMXRT toomanyconn, CXTHRT securityerror, CXMJ securityerror");

    /** Orange and La Poste end their replies with a label such as "OFR_506" or "LPN007_416". */
    private static final Pattern ORANGE = Pattern.compile("\\b(?:LPN|LPNAAA|OFR|OUK)\\d*[_-]?(\\d{3})\\b", I);
    private static final Map<String, String> ORANGE_CODES = table(
            "101 blocked, 102 blocked, 103 blocked, 104 toomanyconn, 305 securityerror, 401 authfailure,"
            + " 402 securityerror, 403 rejected, 405 rejected, 415 rejected, 416 userunknown,"
            + " 417 mailboxfull, 420 suspend, 421 rejected, 426 suspend, 505 systemerror, 506 spamdetected,"
            + " 510 blocked, 514 mesgtoobig, 517 authfailure, 630 policyviolation, 999 blocked");

    /** GoDaddy's inbound servers end each refusal with a code such as "IB607". */
    private static final Pattern GODADDY = Pattern.compile("(?<![\\w#])IB(\\d{3})\\b");
    private static final Map<String, String> GODADDY_CODES = table(
            "401 securityerror, 501 notcompliantrfc, 502 notcompliantrfc, 506 rejected, 508 authfailure,"
            + " 108 requireptr, 212 spamdetected, 705 virusdetected, 605 toomanyconn, 007 toomanyconn,"
            + " 101 speeding, 110 blocked, 111 blocked, 112 blocked, 113 blocked, 504 speeding, 510 speeding,"
            + " 607 speeding, 103 badreputation, 104 blocked, 105 blocked, 106 blocked");

    /** Yahoo refuses unknown mailboxes only after the content ("554 delivery error: dd This user doesn't have ..."). */
    private static final Pattern YAHOO_NO_ACCOUNT = Pattern.compile("delivery error: dd this user doesn't have", I);
    /** Gmail refusing a "Send mail as" alias: the sender address is what was refused. */
    private static final Pattern GMAIL_SEND_AS = Pattern.compile("CustomFromDenied|using the 'send mail as' feature", I);

    /** "code reason, code reason, ...": the providers' published tables, kept as they read. */
    private static Map<String, String> table(String spec) {
        Map<String, String> out = new java.util.HashMap<>();
        for (String pair : spec.split(",")) {
            String[] kv = pair.trim().split("\\s+");
            out.put(kv[0], kv[1]);
        }
        return Map.copyOf(out);
    }

    private static final String SPECTRUM_ID = Rules.id("provider:spectrum", "rhost-spectrum");
    private static final String COX_ID = Rules.id("provider:cox", "rhost-cox");
    private static final String ORANGE_ID = Rules.id("provider:orange", "rhost-franceptt");
    private static final String GODADDY_ID = Rules.id("provider:godaddy", "rhost-godaddy");
    private static final String YAHOO_ID = Rules.id("provider:yahoo", "lhost-yahoo", "rhost-yahooinc");
    private static final String GMAIL_ID = Rules.id("provider:gmail-send-as", "lhost-gmail", "rhost-google", "rhost-gsuite");

    /** The provider's own verdict, or null when the text carries none. */
    static String of(String text, Rules rules) {
        if (text == null || text.isEmpty()) return null;
        Matcher m = SPECTRUM.matcher(text);
        if (rules.on(SPECTRUM_ID) && m.find()) {
            int code = Integer.parseInt(m.group(1));
            for (int i = 0; i < SPECTRUM_RANGES.length; i++) {
                if (code >= SPECTRUM_RANGES[i][0] && code <= SPECTRUM_RANGES[i][1]) return used(rules, SPECTRUM_ID, SPECTRUM_REASONS[i]);
            }
        }
        m = COX.matcher(text);
        if (rules.on(COX_ID) && m.find()) {
            String code = m.group(1);
            if (code.startsWith("IPBL")) return used(rules, COX_ID, "blocked");
            if (code.startsWith("URLBL")) return used(rules, COX_ID, "spamdetected");
            if (COX_CODES.containsKey(code)) return used(rules, COX_ID, COX_CODES.get(code));
        }
        m = ORANGE.matcher(text);
        if (rules.on(ORANGE_ID) && m.find() && ORANGE_CODES.containsKey(m.group(1))) return used(rules, ORANGE_ID, ORANGE_CODES.get(m.group(1)));
        m = GODADDY.matcher(text);
        if (rules.on(GODADDY_ID) && m.find() && GODADDY_CODES.containsKey(m.group(1))) return used(rules, GODADDY_ID, GODADDY_CODES.get(m.group(1)));
        if (rules.on(YAHOO_ID) && YAHOO_NO_ACCOUNT.matcher(text).find()) return used(rules, YAHOO_ID, "userunknown");
        if (rules.on(GMAIL_ID) && GMAIL_SEND_AS.matcher(text).find()) return used(rules, GMAIL_ID, "rejected");
        return null;
    }

    private static String used(Rules rules, String id, String reason) {
        rules.used(id);
        return reason;
    }
}

package dev.mail2case.screen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One per-recipient block of a message/delivery-status part (RFC 3464). */
record DsnRecord(String recipient, String action, String status, String diagnostic, String diagnosticType) {

    private static final Pattern DIAGNOSTIC_TYPE = Pattern.compile("^\\s*(smtp|x-[\\w-]+)\\s*;\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern STATUS = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})");

    static List<DsnRecord> parse(String text) {
        List<DsnRecord> out = new ArrayList<>();
        if (text == null || text.isBlank()) return out;
        String norm = text.replace("\r\n", "\n").replace('\r', '\n');
        for (String block : norm.split("\n\\s*\n")) {
            Map<String, String> f = fields(block);
            String action = f.getOrDefault("action", "").trim().toLowerCase(Locale.ROOT);
            String rcpt = f.get("final-recipient");
            if (rcpt == null) rcpt = f.get("original-recipient");
            String status = f.get("status");
            if (rcpt == null && action.isEmpty() && status == null) continue;
            if (status != null) {
                Matcher m = STATUS.matcher(status);
                status = m.find() ? m.group() : null;
            }
            String diag = f.get("diagnostic-code");
            String type = null;
            if (diag != null) {
                Matcher t = DIAGNOSTIC_TYPE.matcher(diag);
                if (t.find()) {
                    type = t.group(1).toLowerCase(Locale.ROOT);
                    diag = diag.substring(t.end());
                }
                diag = diag.trim();
            }
            out.add(new DsnRecord(address(rcpt), action, status, diag == null || diag.isEmpty() ? null : diag, type));
        }
        return out;
    }

    private static Map<String, String> fields(String block) {
        Map<String, String> f = new LinkedHashMap<>();
        String last = null;
        for (String line : block.split("\n")) {
            if (!line.isEmpty() && Character.isWhitespace(line.charAt(0)) && last != null) {
                f.put(last, f.get(last) + " " + line.trim());
                continue;
            }
            int c = line.indexOf(':');
            if (c <= 0) continue;
            last = line.substring(0, c).trim().toLowerCase(Locale.ROOT);
            f.putIfAbsent(last, line.substring(c + 1).trim());
            if (!f.get(last).equals(line.substring(c + 1).trim())) last = null;
        }
        return f;
    }

    private static String address(String field) {
        if (field == null) return null;
        String v = field.contains(";") ? field.substring(field.indexOf(';') + 1) : field;
        v = v.replaceAll("[<>\\s]", "");
        return v.isEmpty() ? null : v;
    }
}

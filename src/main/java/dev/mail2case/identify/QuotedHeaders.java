package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header block a mail client writes above an inline-forwarded message, read from the body text.
 * Knows Gmail and Alpine ({@code ---------- Forwarded message ---------}), Outlook ({@code -----Original Message-----}
 * or a rule line, then {@code From:/Sent:/To:/Subject:}, also in German, French and Polish), Apple Mail
 * ({@code Begin forwarded message:}) and Thunderbird ({@code -------- Forwarded Message --------}).
 * Only the first block counts: it is the forwarded message; blocks below it are older thread history.
 *
 * @param style   the client whose layout matched, for explain output
 * @param from    the quoted sender, never null
 * @param to      the quoted To addresses
 * @param cc      the quoted Cc addresses
 * @param subject the quoted subject, or null
 */
public record QuotedHeaders(String style, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                            String subject) {

    public QuotedHeaders {
        to = List.copyOf(to);
        cc = List.copyOf(cc);
    }

    private static final String SP = "[\\s\\u00A0\\u202F]*";

    private static final Pattern GMAIL = Pattern.compile("-{6,}" + SP
            + "(forwarded message|weitergeleitete nachricht|message transf[ée]r[ée]|wiadomo[śs][ćc] przekazana dalej)"
            + SP + "-{6,}");
    private static final Pattern THUNDERBIRD = Pattern.compile("-{4,}" + SP
            + "(original message|forwarded message|weitergeleitete nachricht|originalnachricht|message d'origine"
            + "|message transf[ée]r[ée]|przekazana wiadomo[śs][ćc]|wiadomo[śs][ćc] oryginalna)" + SP + "-{4,}");
    private static final Pattern OUTLOOK = Pattern.compile("-{3,}" + SP
            + "(original message|urspr[üu]ngliche nachricht|message d'origine|wiadomo[śs][ćc] oryginalna)" + SP + "-{3,}");
    private static final Pattern OUTLOOK_RULE = Pattern.compile("_{10,}");
    private static final Pattern APPLE = Pattern.compile(
            "(begin forwarded message|anfang der weitergeleiteten nachricht|d[ée]but du message r[ée]exp[ée]di[ée]"
                    + "|pocz[ąa]tek przekazywanej wiadomo[śs]ci)" + SP + ":");

    private static final Pattern FIELD = Pattern.compile("^(from|von|de|od|to|an|à|a|do|cc|dw|kopie|bcc|subject"
            + "|betreff|objet|temat|sent|date|datum|gesendet|envoyé|wysłano|data|reply-to|antwort an|répondre à)"
            + SP + ":" + SP + "(.*)$", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern ADDRESS = Pattern.compile(
            "[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?"
                    + "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?)+");

    /** The first forwarded-message header block in the text, or empty when there is none with a sender. */
    public static Optional<QuotedHeaders> find(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        String[] lines = text.split("\r?\n", -1);
        String pendingStyle = null;
        int sinceMarker = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = clean(lines[i]);
            String style = marker(line);
            if (style != null) {
                pendingStyle = style;
                sinceMarker = 0;
                continue;
            }
            if (line.isEmpty()) continue;
            if (FIELD.matcher(line).matches()) {
                Optional<QuotedHeaders> block = block(lines, i, pendingStyle);
                if (block.isPresent()) return block;
            }
            // a marker only introduces the header lines right below it
            if (++sinceMarker > 2) pendingStyle = null;
        }
        return Optional.empty();
    }

    private static Optional<QuotedHeaders> block(String[] lines, int start, String style) {
        String fromValue = null;
        String subject = null;
        boolean sent = false;
        boolean outlookSent = false;
        StringBuilder to = new StringBuilder();
        StringBuilder cc = new StringBuilder();
        StringBuilder last = null;
        int fields = 0;
        for (int i = start; i < lines.length; i++) {
            String line = clean(lines[i]);
            Matcher m = FIELD.matcher(line);
            if (!m.matches()) {
                // Outlook wraps long To and Cc lists onto following lines
                if (last != null && !line.isEmpty() && ADDRESS.matcher(line).find() && !line.contains(":")) {
                    last.append(' ').append(line);
                    continue;
                }
                break;
            }
            String field = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).trim();
            last = null;
            fields++;
            switch (field) {
                case "from", "von", "de", "od" -> {
                    if (fromValue != null) return Optional.empty(); // a second sender: not one block
                    fromValue = value;
                }
                case "to", "an", "à", "a", "do" -> last = to.append(' ').append(value);
                case "cc", "dw", "kopie" -> last = cc.append(' ').append(value);
                case "subject", "betreff", "objet", "temat" -> subject = value;
                case "sent", "gesendet", "envoyé", "wysłano" -> {
                    sent = true;
                    outlookSent = true;
                }
                case "date", "datum", "data" -> sent = true;
                default -> { }
            }
        }
        if (fromValue == null) return Optional.empty();
        // without a marker line only a full From/Sent/To/Subject layout counts (Outlook, or the
        // original headers a bounce or a plain-text client quotes)
        if (style == null && !(sent && subject != null && fields >= 3)) return Optional.empty();
        if (style == null) style = outlookSent ? "Outlook" : "quoted headers";
        List<MailAddress> from = addresses(fromValue);
        if (from.isEmpty()) return Optional.empty();
        return Optional.of(new QuotedHeaders(style, from.get(0), addresses(to.toString()),
                addresses(cc.toString()), subject));
    }

    /** Mailboxes in a quoted header value: {@code Name <a@b>}, {@code Name [mailto:a@b]} or bare, any separator. */
    static List<MailAddress> addresses(String value) {
        List<MailAddress> out = new ArrayList<>();
        Matcher m = ADDRESS.matcher(value);
        int prev = 0;
        while (m.find()) {
            String name = value.substring(prev, m.start())
                    .replaceAll("(?i)(\\[mailto:|mailto:|<|\\[|\\()\\s*$", "")
                    .replaceAll("^[\\s>\\]),;]+", "")
                    .trim();
            name = name.replaceAll("^[\"']+|[\"']+$", "").trim();
            out.add(new MailAddress(m.group(), name.isEmpty() || name.contains("@") ? null : name));
            prev = m.end();
        }
        return out;
    }

    private static String marker(String line) {
        String l = line.toLowerCase(Locale.ROOT);
        if (GMAIL.matcher(l).matches()) return l.startsWith("----------") ? "Gmail" : "Thunderbird";
        if (l.startsWith("-----") && !l.startsWith("------") && OUTLOOK.matcher(l).matches()) return "Outlook";
        if (THUNDERBIRD.matcher(l).matches()) return "Thunderbird";
        if (OUTLOOK.matcher(l).matches()) return "Outlook";
        if (OUTLOOK_RULE.matcher(l).matches()) return "Outlook";
        if (APPLE.matcher(l).matches()) return "Apple Mail";
        return null;
    }

    /** Line without quote marks and the bold stars text renderings put around field names. */
    private static String clean(String raw) {
        String s = raw.replace('\u00A0', ' ').strip();
        while (s.startsWith(">")) s = s.substring(1).strip();
        if (s.startsWith("*")) s = s.replaceFirst("^\\*([^*:]{1,20}:)\\*?", "$1").replaceFirst("^\\*([^*]{1,20})\\*" + SP + ":", "$1:");
        return s.strip();
    }
}

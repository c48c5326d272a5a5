package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Leaves the quoted history out of a reply, for the case comment; the full text and the raw mail stay
 * stored. Recognised: Outlook's "-----Original Message-----" separators and From/Sent header blocks
 * (English, German, French, Polish, Spanish, Italian, Dutch, Swedish), Gmail-style "On ... wrote:"
 * attributions in those languages (also wrapped over two lines), Apple Mail's "Begin forwarded
 * message:", and a trailing block of "&gt;" quotes. Answers written between quoted lines are kept.
 * When nothing but history is left (a plain forward), the whole text is kept.
 */
public final class QuotedHistory {

    private static final Pattern SEPARATOR = Pattern.compile("(?i)^\\s*[-_]{2,}\\s*(original message|ursprüngliche"
            + " nachricht|message d'origine|wiadomość oryginalna|mensaje original|messaggio originale"
            + "|oorspronkelijk bericht|ursprungligt meddelande|forwarded message|weitergeleitete nachricht"
            + "|message transféré|wiadomość przekazana dalej|reply message)\\s*[-_]{2,}\\s*$");
    private static final Pattern HEADER_FROM = Pattern.compile(
            "(?i)^\\s*\\*?(from|von|de|od|van|da|från)\\s?:\\*?\\s*\\S.*");
    private static final Pattern HEADER_SENT = Pattern.compile(
            "(?i)^\\s*\\*?(sent|gesendet|envoyé|wysłano|enviado|inviato|verzonden|skickat|date|datum|data)\\s?:\\*?.*");
    private static final Pattern ATTRIBUTION = Pattern.compile("(?is)^\\s*(on\\s.+\\swrote"
            + "|am\\s.+\\sschrieb.*|le\\s.+\\sa\\sécrit|w\\sdniu\\s.+\\s(pisze|napisał\\(a\\)|napisał|napisała)"
            + "|el\\s.+\\sescribió|op\\s.+\\sschreef.*|il\\s.+\\sha\\sscritto|den\\s.+\\sskrev.*"
            + "|.+\\s<[^>]+@[^>]+>\\s(wrote|schrieb|a écrit|napisał\\(a\\)))\\s?:\\s*$");
    private static final Pattern APPLE_FORWARD = Pattern.compile("(?i)^\\s*(begin forwarded message"
            + "|anfang der weitergeleiteten nachricht|début du message réexpédié|początek przekazanej wiadomości)\\s?:\\s*$");

    private QuotedHistory() {
    }

    /** Containers in which mail clients put the quoted mail of an HTML reply. */
    private static final String HTML_QUOTES = "div.gmail_quote, blockquote[type=cite], div.moz-cite-prefix,"
            + " div.yahoo_quoted, div.OutlookMessageHeader, blockquote.gmail_quote";
    /** Outlook puts the quoted header here and the quoted mail in what follows it. */
    private static final String HTML_QUOTES_WITH_REST = "div#divRplyFwdMsg, div#appendonsend, hr#stopSpelling";

    /** The reply's own text: from the HTML when the body came from HTML, else from the plain text. */
    public static String strip(InboundMail mail) {
        if ("text/html".equals(mail.contentType()) && mail.html() != null) {
            org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(mail.html());
            boolean removed = false;
            for (org.jsoup.nodes.Element e : doc.select(HTML_QUOTES_WITH_REST)) {
                org.jsoup.nodes.Element next = e.nextElementSibling();
                while (next != null) {
                    org.jsoup.nodes.Element after = next.nextElementSibling();
                    next.remove();
                    next = after;
                }
                e.remove();
                removed = true;
            }
            for (org.jsoup.nodes.Element e : doc.select(HTML_QUOTES)) {
                e.remove();
                removed = true;
            }
            // Sanitised HTML keeps no class or type: any blockquote is quoted history, and so is an
            // attribution line right before it.
            for (org.jsoup.nodes.Element quote : doc.select("blockquote")) {
                org.jsoup.nodes.Element before = quote.previousElementSibling();
                if (before != null && ATTRIBUTION.matcher(before.text()).matches()) {
                    before.remove();
                }
                quote.remove();
                removed = true;
            }
            if (removed) {
                String own = dev.mail2case.mail.HtmlBody.toText(doc.body().html());
                return own.isBlank() ? mail.text() : strip(own);
            }
        }
        return strip(mail.text());
    }

    public static String strip(String text) {
        if (text == null || text.isBlank()) {
            return text == null ? "" : text;
        }
        List<String> lines = text.lines().toList();
        int cut = lines.size();
        for (int i = 0; i < lines.size() && cut == lines.size(); i++) {
            String line = lines.get(i);
            if (SEPARATOR.matcher(line).matches() || APPLE_FORWARD.matcher(line).matches()
                    || outlookHeaderBlock(lines, i)) {
                cut = i;
            } else if (attribution(lines, i) && onlyQuotesAfter(lines, i + attributionLength(lines, i))) {
                cut = i;
            }
        }
        cut = Math.min(cut, trailingQuoteStart(lines, cut));
        String own = String.join("\n", lines.subList(0, cut)).stripTrailing();
        return own.isBlank() ? text : own;
    }

    /** "From: ..." followed within a few lines by "Sent:"/"Date:": the header of a quoted mail. */
    private static boolean outlookHeaderBlock(List<String> lines, int i) {
        if (!HEADER_FROM.matcher(lines.get(i)).matches() || i == 0 && lines.size() < 3) {
            return false;
        }
        for (int j = i + 1; j < Math.min(lines.size(), i + 5); j++) {
            if (HEADER_SENT.matcher(lines.get(j)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static boolean attribution(List<String> lines, int i) {
        return attributionLength(lines, i) > 0;
    }

    /** 1 or 2 when line i (alone, or wrapped onto the next line) is an attribution; 0 otherwise. */
    private static int attributionLength(List<String> lines, int i) {
        String line = lines.get(i);
        if (line.startsWith(">")) {
            return 0;
        }
        if (ATTRIBUTION.matcher(line).matches()) {
            return 1;
        }
        if (i + 1 < lines.size() && !lines.get(i + 1).startsWith(">")
                && ATTRIBUTION.matcher(line + " " + lines.get(i + 1).trim()).matches()) {
            return 2;
        }
        return 0;
    }

    private static boolean onlyQuotesAfter(List<String> lines, int from) {
        for (int j = from; j < lines.size(); j++) {
            String l = lines.get(j).trim();
            if (!l.isEmpty() && !l.startsWith(">")) {
                return false;
            }
        }
        return true;
    }

    /** Start of the final run of quoted (or blank) lines before {@code end}, or {@code end}. */
    private static int trailingQuoteStart(List<String> lines, int end) {
        int start = end;
        boolean sawQuote = false;
        for (int j = end - 1; j >= 0; j--) {
            String l = lines.get(j).trim();
            if (l.startsWith(">")) {
                sawQuote = true;
                start = j;
            } else if (l.isEmpty()) {
                continue;
            } else {
                break;
            }
        }
        return sawQuote ? start : end;
    }
}

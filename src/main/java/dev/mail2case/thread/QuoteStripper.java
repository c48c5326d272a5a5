package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Safelist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes the quoted history from a reply so the case comment holds what the sender wrote.
 *
 * <p>Text: the history starts at an Outlook separator ({@code -----Original Message-----} and its
 * translations), an Outlook header block ({@code From:/Sent:/To:/Subject:} and translations), an Apple Mail or
 * Gmail forward line, or an attribution ({@code On … wrote:} and translations, also wrapped over two lines)
 * followed only by quoted lines. A trailing block of {@code >} lines is removed; quotes with answers between
 * them are kept, since the answers only make sense next to them. Signatures ({@code -- }) are kept: they are
 * the sender's text and often the only place with a phone number.
 *
 * <p>HTML: Gmail ({@code div.gmail_quote}), Apple and Thunderbird ({@code blockquote[type=cite]}), Yahoo
 * ({@code div.yahoo_quoted}) quote containers are removed; Outlook ({@code div#appendonsend},
 * {@code div#divRplyFwdMsg}, {@code div.OutlookMessageHeader}) and Thunderbird ({@code div.moz-cite-prefix})
 * markers are removed with everything after them, since the quoted body follows them as siblings. The result
 * is cleaned with jsoup's relaxed safelist.
 *
 * <p>When stripping would leave nothing (a forward with no words of its own) the original is returned.
 */
public final class QuoteStripper {

    /** The result: the text for the case comment and whether any history was removed. */
    public record Stripped(String text, boolean stripped) {
    }

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final Pattern SEPARATOR = Pattern.compile(
            "^\\s*-{2,}\\s*(Original Message|Ursprüngliche Nachricht|Originalnachricht|Message d'origine|"
                    + "Original Nachricht|Original-Nachricht|Wiadomość oryginalna|Mensaje original|Oorspronkelijk bericht|Messaggio originale|"
                    + "Forwarded message|Weitergeleitete Nachricht|Message transféré|Wiadomość przekazana|"
                    + "Mensaje reenviado|Doorgestuurd bericht|Messaggio inoltrato)\\s*-{2,}\\s*$", FLAGS);

    private static final Pattern FORWARD = Pattern.compile(
            "^\\s*(Begin forwarded message|Anfang der weitergeleiteten Nachricht|Début du message réexpédié|"
                    + "Początek przekazywanej wiadomości|Inicio del mensaje reenviado|Begin doorgestuurd bericht|"
                    + "Inizio messaggio inoltrato)\\s*:\\s*$", FLAGS);

    private static final Pattern HEADER_FROM = Pattern.compile(
            "^\\s*\\*?(From|Von|De|Od|Van|Da|Från|Fra)\\s*:\\*?\\s*\\S.*$", FLAGS);

    /** Some clients (GMX, web.de) put the date line above the sender line. */
    private static final Pattern HEADER_SENT = Pattern.compile(
            "^\\s*\\*?(Sent|Date|Gesendet|Datum|Envoyé|Wysłano|Enviado|Fecha|Verzonden|Inviato)\\s*:\\*?\\s*\\S.*$", FLAGS);

    private static final Pattern HEADER_OTHER = Pattern.compile(
            "^\\s*\\*?(Sent|Date|Gesendet|Datum|Envoyé|Date d'envoi|Wysłano|Data|Enviado|Fecha|Verzonden|Inviato|"
                    + "To|An|À|A|Do|Para|Aan|Subject|Betreff|Objet|Temat|Asunto|Onderwerp|Oggetto|Cc|Kopie|DW)"
                    + "\\s*:\\*?.*$", FLAGS);

    private static final Pattern ATTRIBUTION = Pattern.compile(
            "^\\s*(On\\s.+\\swrote"
                    + "|Am\\s.+\\sschrieb.*"
                    + "|Le\\s.+\\sa\\s+écrit"
                    + "|W\\s+dniu\\s.+\\s(pisze|napisał\\(a\\)|napisał|napisała)"
                    + "|El\\s.+\\sescribió"
                    + "|Op\\s.+\\sschreef.*"
                    + "|Il\\s.+\\sha\\s+scritto"
                    + ")\\s*:\\s*$", FLAGS);

    private static final Pattern ATTRIBUTION_START = Pattern.compile("^\\s*(On|Am|Le|W\\s+dniu|El|Op|Il)\\s", FLAGS);

    /** Attributions are short; longer lines are not tried, which also bounds the regex work per line. */
    private static final int MAX_ATTRIBUTION = 400;

    private static final Pattern QUOTED = Pattern.compile("^\\s*>.*$");

    /** HTML containers that hold the quoted history; they and everything after them go. */
    private static final String HISTORY_AND_REST =
            "div#appendonsend, div#divRplyFwdMsg, div.OutlookMessageHeader, div.moz-cite-prefix, "
                    + "div.moz-forward-container";
    /** HTML containers that are themselves the history. */
    private static final String HISTORY =
            "div.gmail_quote, div.gmail_quote_container, blockquote[type=cite], div.yahoo_quoted, "
                    + "blockquote.gmail_quote";

    /**
     * The reply's own text. When the HTML body has quote containers, the text left after removing them (and any
     * history marker still in it); otherwise the text body with its history removed.
     */
    public Stripped strip(InboundMail mail) {
        String original = mail.text();
        if (mail.html() != null && !mail.html().isBlank()) {
            HtmlCut cut;
            try {
                cut = cutHtml(mail.html());
            } catch (RuntimeException e) {
                cut = null; // unparseable HTML: the text body still serves
            }
            if (cut != null && cut.removed()) {
                String own = cutText(textOf(cut.body()));
                if (!own.isBlank()) {
                    return new Stripped(own, true);
                }
            }
        }
        String text = stripText(original);
        return new Stripped(text, !text.equals(original));
    }

    /** The text without its quoted history; the text unchanged when nothing would be left. */
    public String stripText(String text) {
        if (text == null || text.isBlank()) {
            return text == null ? "" : text;
        }
        String result = cutText(text);
        // nothing but line endings and trailing blank lines changed: nothing was stripped
        return result.isBlank() || result.equals(text.replaceAll("\\r\\n?", "\n").stripTrailing()) ? text : result;
    }

    /** The text before its history, possibly blank. */
    private static String cutText(String text) {
        List<String> lines = Arrays.asList(text.split("\\r\\n|\\r|\\n", -1));
        List<String> kept = new ArrayList<>(lines.subList(0, historyStart(lines)));
        stripTrailingQuote(kept);
        // A rule line left above the cut (Outlook's <hr> before its reply header) is not the sender's text.
        while (!kept.isEmpty() && kept.get(kept.size() - 1).trim().matches("[-_=*\u2500]*")) {
            kept.remove(kept.size() - 1);
        }
        return String.join("\n", kept).stripTrailing();
    }

    /** Readable text of an HTML body: trailing spaces and runs of blank lines removed. */
    private static String textOf(Element body) {
        return body.wholeText().replace('\u00a0', ' ').replaceAll("[ \\t]+(?=\\n|$)", "")
                .replaceAll("\\n{3,}", "\n\n").strip();
    }

    private record HtmlCut(Element body, boolean removed) {
    }

    private static HtmlCut cutHtml(String html) {
        Document doc = Jsoup.parse(html);
        boolean removed = false;
        Element first = doc.body().selectFirst(HISTORY_AND_REST);
        if (first != null) {
            removeWithFollowing(first);
            removed = true;
        }
        var quotes = doc.body().select(HISTORY);
        if (!quotes.isEmpty()) {
            quotes.remove();
            removed = true;
        }
        return new HtmlCut(doc.body(), removed);
    }

    /**
     * The HTML without its quote containers, cleaned to a safe subset of HTML. When nothing of the sender's
     * own is left the whole (cleaned) HTML is returned.
     */
    public String stripHtml(String html) {
        if (html == null || html.isBlank()) {
            return html == null ? "" : html;
        }
        HtmlCut cut = cutHtml(html);
        String cleaned = Jsoup.clean(cut.body().html(), Safelist.relaxed());
        if (Jsoup.parse(cleaned).text().isBlank() && Jsoup.parse(cleaned).select("img").isEmpty()) {
            return Jsoup.clean(Jsoup.parse(html).body().html(), Safelist.relaxed());
        }
        return cleaned;
    }

    /** Removes the element, the rules just before it and everything after it up to the body. */
    private static void removeWithFollowing(Element start) {
        Node prev = start.previousSibling();
        while (prev != null && (prev instanceof Element e && e.normalName().equals("hr")
                || prev instanceof TextNode t && t.isBlank())) {
            Node p = prev.previousSibling();
            prev.remove();
            prev = p;
        }
        Node node = start;
        while (node != null && !(node instanceof Element e && e.normalName().equals("body"))) {
            Node parent = node.parent();
            while (node.nextSibling() != null) {
                node.nextSibling().remove();
            }
            if (node == start) {
                node.remove();
            }
            node = parent;
        }
    }

    private static int historyStart(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (QUOTED.matcher(line).matches()) {
                continue;
            }
            if (SEPARATOR.matcher(line).matches() || FORWARD.matcher(line).matches()) {
                return i;
            }
            if ((HEADER_FROM.matcher(line).matches() || HEADER_SENT.matcher(line).matches()) && headerBlockAt(lines, i)) {
                return dropRule(lines, i);
            }
            if (ATTRIBUTION_START.matcher(line).find()) {
                int end = attributionEnd(lines, i);
                if (end > i && onlyQuotesAfter(lines, end)) {
                    return i;
                }
            }
        }
        return lines.size();
    }

    /** Outlook puts a line of underscores above its header block: it belongs to the history. */
    private static int dropRule(List<String> lines, int i) {
        int j = i;
        while (j > 0 && (lines.get(j - 1).isBlank() || lines.get(j - 1).strip().matches("[_\\-=]{5,}"))) {
            j--;
        }
        return j;
    }

    /** A header block: among the next six non-blank lines a sender line and at least two other header lines. */
    private static boolean headerBlockAt(List<String> lines, int i) {
        boolean from = false;
        int headers = 0;
        int nonBlank = 0;
        for (int j = i; j < Math.min(lines.size(), i + 16) && nonBlank < 6; j++) {
            String l = lines.get(j);
            if (l.isBlank()) {
                continue;
            }
            nonBlank++;
            if (HEADER_FROM.matcher(l).matches()) {
                from = true;
                headers++;
            } else if (HEADER_OTHER.matcher(l).matches()) {
                headers++;
            }
        }
        return from && headers >= 3;
    }

    /** Index after the attribution starting at i (one or two lines), or i when there is none. */
    private static int attributionEnd(List<String> lines, int i) {
        if (isAttribution(lines.get(i))) {
            return i + 1;
        }
        if (i + 1 < lines.size() && isAttribution(lines.get(i).stripTrailing() + " " + lines.get(i + 1).strip())) {
            return i + 2;
        }
        return i;
    }

    private static boolean isAttribution(String line) {
        return line.length() <= MAX_ATTRIBUTION && ATTRIBUTION.matcher(line).matches();
    }

    /** True when no unquoted text follows: answers between quotes mean an inline reply. */
    private static boolean onlyQuotesAfter(List<String> lines, int from) {
        boolean answerSeenAfterQuote = false;
        boolean quoteSeen = false;
        for (int j = from; j < lines.size(); j++) {
            String l = lines.get(j);
            if (QUOTED.matcher(l).matches()) {
                quoteSeen = true;
            } else if (!l.isBlank() && quoteSeen) {
                answerSeenAfterQuote = true;
            }
        }
        return !answerSeenAfterQuote;
    }

    /** Removes the final block of quoted lines and the attribution just above it. */
    private static void stripTrailingQuote(List<String> kept) {
        int end = kept.size();
        while (end > 0 && kept.get(end - 1).isBlank()) {
            end--;
        }
        int start = end;
        while (start > 0 && (QUOTED.matcher(kept.get(start - 1)).matches() || kept.get(start - 1).isBlank())) {
            start--;
        }
        if (start == end) {
            return;
        }
        // attribution line(s) directly above the quote
        int s = start;
        while (s > 0 && kept.get(s - 1).isBlank()) {
            s--;
        }
        if (s > 0 && isAttribution(kept.get(s - 1))) {
            s = s - 1;
        } else if (s > 1 && isAttribution(kept.get(s - 2).stripTrailing() + " " + kept.get(s - 1).strip())) {
            s = s - 2;
        } else {
            s = start;
        }
        kept.subList(s, kept.size()).clear();
    }
}

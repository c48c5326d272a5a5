package dev.mail2case.mail;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

import java.util.ArrayDeque;
import java.util.Deque;

import java.util.Set;

/**
 * HTML bodies: sanitising for display and a readable plain-text rendering.
 *
 * <p>Images: {@code cid:} references are kept as they are, and the reader guarantees that each kept
 * {@code cid:} names an attachment of the same mail with that Content-ID (others are removed), so
 * a viewer resolves {@code cid:X} to the attachment whose {@code contentId} is X. Remote images
 * and other external resources are removed so that opening a case never calls a sender's server.
 */
public final class HtmlBody {

    private static final Safelist SAFELIST = Safelist.relaxed()
            .addTags("span", "div", "font", "center", "hr", "s", "strike", "tt")
            .addAttributes(":all", "dir", "align", "title")
            .addAttributes("font", "color", "face", "size")
            .addAttributes("td", "bgcolor", "valign", "width", "colspan", "rowspan")
            .addAttributes("table", "border", "cellpadding", "cellspacing", "width")
            .removeProtocols("img", "src", "http", "https")
            .addProtocols("img", "src", "cid")
            .addProtocols("a", "href", "http", "https", "mailto", "tel", "ftp")
            .preserveRelativeLinks(false);

    private static final Set<String> BLOCKS = Set.of("p", "div", "br", "tr", "table", "h1", "h2", "h3", "h4", "h5",
            "h6", "ul", "ol", "li", "blockquote", "pre", "hr", "dl", "dt", "dd", "section", "article", "header",
            "footer", "address", "center", "form", "fieldset");

    private HtmlBody() {
    }

    /**
     * Safe HTML: no scripts, event handlers, styles or remote loads; {@code cid:} images only when
     * the mail carries an attachment with that Content-ID.
     */
    public static String sanitise(String html, Set<String> contentIds) {
        return sanitise(Jsoup.parse(html), contentIds);
    }

    /** Sanitised HTML and its text rendering from one parse. */
    public record Rendered(String html, String text) {
    }

    public static Rendered render(String html, Set<String> contentIds) {
        Document doc = Jsoup.parse(html);
        String safe = sanitise(doc, contentIds);
        return new Rendered(safe, toText(doc));
    }

    private static String sanitise(Document dirty, Set<String> contentIds) {
        if (depth(dirty) > MAX_DEPTH) {
            // Pathologically nested markup makes cleaning quadratic; its text rendering is kept instead.
            return "<pre>" + org.jsoup.nodes.Entities.escape(toText(dirty)) + "</pre>";
        }
        for (Element img : dirty.select("img[src]")) {
            String src = img.attr("src").trim();
            if (src.regionMatches(true, 0, "cid:", 0, 4)) {
                String id = PartHeaders.stripBrackets(src.substring(4));
                if (id == null || !contentIds.contains(id)) img.removeAttr("src");
            }
        }
        Document clean = new Cleaner(SAFELIST).clean(dirty);
        clean.outputSettings().prettyPrint(false);
        return clean.body().html();
    }

    /** Plain text keeping paragraphs, bullets for list items and link targets as {@code text (url)}. */
    public static String toText(String html) {
        return toText(Jsoup.parse(html));
    }

    /** Deeper than this, HTML is treated as hostile: only its text is kept. */
    static final int MAX_DEPTH = 300;

    static int depth(Document doc) {
        int[] max = {0};
        NodeTraversor.traverse((node, depth) -> {
            if (depth > max[0]) max[0] = depth;
        }, doc);
        return max[0];
    }

    /** Renders text from the document; removes scripts and styles from it on the way. */
    private static String toText(Document doc) {
        doc.select("script, style, head, title, noscript, template").remove();
        StringBuilder out = new StringBuilder();
        // Iterative traversal: deeply nested mail HTML must not exhaust the stack.
        NodeTraversor.traverse(new TextRenderer(out), doc.body() == null ? doc : doc.body());
        return tidy(out.toString());
    }

    private static final class TextRenderer implements NodeVisitor {
        private final StringBuilder out;
        private final Deque<Integer> linkStarts = new ArrayDeque<>();
        private int pre;

        TextRenderer(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void head(Node node, int depth) {
            if (node instanceof TextNode t) {
                String s = pre > 0 ? t.getWholeText() : t.getWholeText().replaceAll("[\\s\\u00A0]+", " ");
                if (pre == 0 && s.startsWith(" ") && (out.length() == 0 || out.charAt(out.length() - 1) == '\n'
                        || out.charAt(out.length() - 1) == ' ')) {
                    s = s.substring(1);
                }
                out.append(s);
                return;
            }
            if (!(node instanceof Element e)) return;
            String tag = e.normalName();
            switch (tag) {
                case "br" -> out.append('\n');
                case "img" -> {
                    String alt = e.attr("alt");
                    if (!alt.isBlank()) out.append('[').append(alt.trim()).append(']');
                }
                case "hr" -> {
                    newline(out, 1);
                    out.append("---\n");
                }
                case "pre" -> pre++;
                case "a" -> linkStarts.push(out.length());
                default -> {
                }
            }
            if (paragraph(tag)) newline(out, 2);
            else if (BLOCKS.contains(tag) && !tag.equals("br") && !tag.equals("hr")) newline(out, 1);
            if (tag.equals("li")) {
                Element parent = e.parent();
                if (parent != null && parent.normalName().equals("ol")) out.append(e.elementSiblingIndex() + 1).append(". ");
                else out.append("- ");
            }
        }

        @Override
        public void tail(Node node, int depth) {
            if (!(node instanceof Element e)) return;
            String tag = e.normalName();
            if (tag.equals("pre")) pre--;
            if (tag.equals("a") && !linkStarts.isEmpty()) {
                int start = Math.min(linkStarts.pop(), out.length());
                String href = e.attr("href").trim();
                // long link texts cannot equal the target: skip copying them (nested links would be quadratic)
                String text = out.length() - start > 2 * href.length() + 40 ? "\u0000long"
                        : out.substring(start).trim();
                if (!href.isEmpty() && !href.startsWith("#") && !href.regionMatches(true, 0, "javascript:", 0, 11)) {
                    String shown = href.regionMatches(true, 0, "mailto:", 0, 7) ? href.substring(7) : href;
                    if (text.isEmpty()) out.append(shown);
                    else if (!sameTarget(text, shown)) out.append(" (").append(href).append(')');
                }
            }
            if (tag.equals("td") || tag.equals("th")) out.append(' ');
            if (paragraph(tag)) newline(out, 2);
            else if (BLOCKS.contains(tag) && !tag.equals("br") && !tag.equals("hr")) newline(out, 1);
        }

        private static boolean paragraph(String tag) {
            return tag.equals("p") || tag.equals("blockquote") || tag.equals("ul") || tag.equals("ol")
                    || (tag.length() == 2 && tag.charAt(0) == 'h' && tag.charAt(1) >= '1' && tag.charAt(1) <= '6');
        }
    }

    /** "www.example.com" shown for http://www.example.com/ needs no repetition. */
    private static boolean sameTarget(String text, String href) {
        return bare(text).equalsIgnoreCase(bare(href));
    }

    private static String bare(String url) {
        return url.trim().replaceFirst("(?i)^(https?://|mailto:)", "").replaceFirst("/$", "");
    }

    private static void newline(StringBuilder out, int count) {
        if (out.length() == 0) return;
        while (out.length() > 0 && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
        int have = 0;
        for (int i = out.length() - 1; i >= 0 && out.charAt(i) == '\n'; i--) have++;
        for (int i = have; i < count; i++) out.append('\n');
    }

    private static String tidy(String s) {
        return s.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
    }
}

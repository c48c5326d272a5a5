package dev.mail2case.thread;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reply and forward prefixes of many mail clients and languages ({@code Re:}, {@code AW[2]:}, {@code Re^3:},
 * {@code Odp:}, {@code 回复:} …) and leading bracket tags such as {@code [EXTERNAL]}. Stripping them gives the
 * subject a person wrote, for display and for comparing subjects.
 */
public final class SubjectPrefixes {

    /** Prefix words, longest first so that "Antwort" is not read as "Antw" + "ort". */
    static final String WORDS = "Antwort|Antw|Odp|Fwd|Fw|Re|Aw|Sv|Réf|Ref|Tr|Wg|Rv|Vs|Vb|Rif|R|ΑΠ|ΣΧΕΤ|ΠΡΘ|Enc|Doorst|"
            + "Res|Odg|Ynt|Atb|Továbbítás|Válasz|回复|回覆|转发|轉寄|答复|答覆";

    /** One prefix: a word, an optional counter ([2], ^3, (2)), a colon (ASCII or full-width). */
    private static final Pattern PREFIX = Pattern.compile(
            "^\\s*(?:(?:" + WORDS + ")\\.?\\s*(?:\\[\\d+]|\\^\\d+|\\(\\d+\\))?\\s*[:：]"
                    + "|\\[[\\p{L} ]{1,30}])\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private SubjectPrefixes() {
    }

    /** The subject without any number or nesting of leading reply/forward prefixes and bracket tags. */
    public static String strip(String subject) {
        if (subject == null) {
            return "";
        }
        String s = subject.strip();
        while (true) {
            Matcher m = PREFIX.matcher(s);
            if (!m.find() || m.end() == 0) {
                return s;
            }
            String rest = s.substring(m.end());
            if (rest.isBlank() && s.startsWith("[")) {
                // a subject that is only a bracket tag keeps it: it is the whole text
                return s;
            }
            s = rest.strip();
        }
    }

    /** True when both subjects are the same after stripping prefixes, ignoring case and runs of spaces. */
    public static boolean sameSubject(String a, String b) {
        return normalise(strip(a)).equalsIgnoreCase(normalise(strip(b)));
    }

    private static String normalise(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }
}

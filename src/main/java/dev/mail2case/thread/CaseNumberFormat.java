package dev.mail2case.thread;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The case token we put in subjects, configured as a pattern: a literal prefix, {@code {n}} (or {@code {n:6}}
 * for zero padding to six digits) and a literal suffix. The default {@code [#{n}]} renders case 1042 as
 * {@code [#1042]}.
 *
 * <p>Rules of {@link #find}: the token may stand anywhere in the subject, so reply/forward prefixes and tags
 * before it do not matter. The literal parts match case-insensitively and exactly, so tokens of other systems
 * ({@code [Ticket#123]}, {@code [PROJ-12]}, a bare {@code #123}) are not ours. With two of our tokens the first
 * one wins (the newest prefix chain is outermost, the case named first is the one the sender saw). A number
 * too large for a case number (more than 18 digits) is no case number and is skipped.
 */
public final class CaseNumberFormat {

    public static final String DEFAULT_PATTERN = "[#{n}]";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{n(?::(\\d{1,2}))?}");
    private static final int MAX_DIGITS = 18;

    private final String prefix;
    private final String suffix;
    private final int width;
    private final Pattern tokenPattern;

    public CaseNumberFormat() {
        this(DEFAULT_PATTERN);
    }

    /** @param pattern prefix, one {@code {n}} or {@code {n:width}}, suffix; prefix and suffix not both empty */
    public CaseNumberFormat(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("case number pattern is missing");
        }
        Matcher m = PLACEHOLDER.matcher(pattern);
        if (!m.find()) {
            throw new IllegalArgumentException("case number pattern has no {n}: " + pattern);
        }
        prefix = pattern.substring(0, m.start());
        suffix = pattern.substring(m.end());
        width = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
        if (PLACEHOLDER.matcher(suffix).find()) {
            throw new IllegalArgumentException("case number pattern has more than one {n}: " + pattern);
        }
        if (prefix.isBlank() && suffix.isBlank()) {
            // a bare number would match every date, order number and price in a subject
            throw new IllegalArgumentException("case number pattern needs a literal prefix or suffix: " + pattern);
        }
        // a prefix ending in a digit or a suffix starting with one would make the number ambiguous
        if (!prefix.isEmpty() && Character.isDigit(prefix.charAt(prefix.length() - 1))
                || !suffix.isEmpty() && Character.isDigit(suffix.charAt(0))) {
            throw new IllegalArgumentException("digits may not touch {n}: " + pattern);
        }
        String before = prefix.isEmpty() ? "" : Pattern.quote(prefix);
        // guard the open side so [CASE-{n}] does not match inside [XCASE-1]… only when the literal starts with a letter
        String lead = !prefix.isEmpty() && Character.isLetterOrDigit(prefix.charAt(0)) ? "(?<![\\p{L}\\p{N}])" : "";
        String lookBehind = prefix.isEmpty() ? "(?<!\\d)" : "";
        String trail = suffix.isEmpty() ? "(?!\\d)"
                : Character.isLetterOrDigit(suffix.charAt(suffix.length() - 1)) ? "(?![\\p{L}\\p{N}])" : "";
        tokenPattern = Pattern.compile(lead + before + lookBehind + "(\\d+)" + (suffix.isEmpty() ? "" : Pattern.quote(suffix)) + trail,
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /** Our token for a case number, e.g. {@code [#1042]}. */
    public String token(long caseNumber) {
        if (caseNumber < 0) {
            throw new IllegalArgumentException("case numbers are not negative: " + caseNumber);
        }
        String digits = Long.toString(caseNumber);
        if (digits.length() < width) {
            digits = "0".repeat(width - digits.length()) + digits;
        }
        return prefix + digits + suffix;
    }

    /**
     * The subject with our token for this case in front, exactly once. The subject's own text is kept; tokens
     * of ours naming another case are removed, since a reply would otherwise join the case named first.
     */
    public String subjectFor(long caseNumber, String subject) {
        String own = subject == null ? "" : subject.strip();
        String token = token(caseNumber);
        StringBuilder kept = new StringBuilder();
        Matcher m = tokenPattern.matcher(own);
        int last = 0;
        boolean hasOurs = false;
        while (m.find()) {
            OptionalLong n = parse(m.group(1));
            if (n.isPresent() && n.getAsLong() == caseNumber && !hasOurs) {
                hasOurs = true;
                continue; // the first token naming this case stays where it is
            }
            if (n.isPresent()) {
                kept.append(own, last, m.start());
                last = m.end();
            }
        }
        kept.append(own.substring(last));
        String cleaned = kept.toString().replaceAll("\\s{2,}", " ").strip();
        if (hasOurs && find(cleaned).orElse(-1) == caseNumber) {
            return cleaned;
        }
        return cleaned.isEmpty() ? token : token + " " + cleaned;
    }

    /** The case number of the first token of ours in the subject, or empty. */
    public OptionalLong find(String subject) {
        if (subject == null || subject.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = tokenPattern.matcher(subject);
        while (m.find()) {
            OptionalLong n = parse(m.group(1));
            if (n.isPresent()) {
                return n;
            }
        }
        return OptionalLong.empty();
    }

    private static OptionalLong parse(String digits) {
        String d = digits.replaceFirst("^0+(?=\\d)", "");
        if (d.length() > MAX_DIGITS) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(d));
    }

    @Override
    public String toString() {
        return prefix + "{n" + (width > 0 ? ":" + width : "") + "}" + suffix;
    }
}

package dev.mail2case.thread;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The case token as it appears in subjects, from a format such as {@code [#{n}]}: rendered for mail
 * we send, found anywhere in a subject (whatever reply or forward prefixes stand before it). Only
 * our exact format counts, so {@code [Ticket#123]} or {@code [JIRA-5]} are never taken for ours.
 */
public final class CaseToken {
    private final String prefix;
    private final String suffix;
    private final Pattern pattern;

    public CaseToken(String format) {
        int n = format.indexOf("{n}");
        if (n < 0) {
            throw new IllegalArgumentException("a case number format needs {n}");
        }
        prefix = format.substring(0, n);
        suffix = format.substring(n + 3);
        // A letter or digit right before the prefix would make it part of another word or token.
        String lead = prefix.isEmpty() || !Character.isLetterOrDigit(prefix.charAt(0)) ? "" : "(?<![\\p{L}\\p{N}])";
        pattern = Pattern.compile(lead + Pattern.quote(prefix) + "(\\d{1,18})" + Pattern.quote(suffix)
                + (suffix.isEmpty() ? "(?!\\d)" : ""), Pattern.CASE_INSENSITIVE);
    }

    public String render(long caseNumber) {
        return prefix + caseNumber + suffix;
    }

    /** The first case number of ours in the subject. */
    public OptionalLong find(String subject) {
        if (subject == null) {
            return OptionalLong.empty();
        }
        Matcher m = pattern.matcher(subject);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** The subject with the token in front, never twice. */
    public String subjectFor(long caseNumber, String subject) {
        String s = subject == null ? "" : subject.trim();
        OptionalLong present = find(s);
        return present.isPresent() && present.getAsLong() == caseNumber ? s : render(caseNumber) + " " + s;
    }
}

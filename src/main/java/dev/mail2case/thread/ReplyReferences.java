package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Message-IDs a reply names, in the order to look them up: In-Reply-To first, then References from the
 * end (the newest ancestor first). Each is trimmed and freed of angle brackets; duplicates are dropped.
 * Two Message-IDs are the same when their local parts are equal and their domains equal ignoring case
 * (RFC 5322 leaves the local part's case to the sender, domains are case-insensitive); the first spelling seen
 * is the one returned.
 */
public final class ReplyReferences {

    private ReplyReferences() {
    }

    public static List<String> candidates(InboundMail mail) {
        List<String> raw = new ArrayList<>();
        if (mail.inReplyTo() != null) {
            raw.add(mail.inReplyTo());
        }
        List<String> refs = mail.references();
        for (int i = refs.size() - 1; i >= 0; i--) {
            raw.add(refs.get(i));
        }
        return candidates(raw);
    }

    /** Normalises and deduplicates Message-IDs, keeping the given order. */
    public static List<String> candidates(List<String> messageIds) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String id : messageIds) {
            String n = normalise(id);
            if (n != null && seen.add(key(n))) {
                out.add(n);
            }
        }
        return out;
    }

    /** Message-ID without brackets and surrounding space, or null when nothing is left. */
    public static String normalise(String messageId) {
        if (messageId == null) {
            return null;
        }
        String s = messageId.strip();
        if (s.startsWith("<")) {
            s = s.substring(1);
        }
        if (s.endsWith(">")) {
            s = s.substring(0, s.length() - 1);
        }
        s = s.strip();
        return s.isEmpty() ? null : s;
    }

    /** The comparison key: local part as written, domain lower-cased. */
    public static String key(String messageId) {
        String n = normalise(messageId);
        if (n == null) {
            return "";
        }
        int at = n.lastIndexOf('@');
        return at < 0 ? n : n.substring(0, at + 1) + n.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    /** True when both name the same mail under the comparison rule above. */
    public static boolean same(String a, String b) {
        return key(a).equals(key(b)) && !key(a).isEmpty();
    }
}

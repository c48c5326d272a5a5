package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;

/**
 * An address reduced to what identifies a mailbox, for matching senders against contacts and
 * recipients against our accounts: trimmed, lower-cased, without {@code mailto:} or angle brackets,
 * the sub-address ({@code anna+support@x.com}) removed and the domain in ASCII (IDNA) form, so
 * {@code Anna+Support@MÜLLER.de} and {@code anna@xn--mller-kva.de} are the same key.
 *
 * <p>The local part is compared case-insensitively although RFC 5321 allows otherwise: no mail
 * system our users run treats {@code Anna} and {@code anna} as different people.
 *
 * @param local  the local part, lower-cased, without the sub-address
 * @param domain the domain, lower-cased ASCII without a trailing dot
 */
public record AddressKey(String local, String domain) {

    /** The sub-address separator used by Gmail, Office 365, Postfix and most others. */
    public static final String DEFAULT_SEPARATOR = "+";

    public AddressKey {
        if (local == null || local.isEmpty() || domain == null || domain.isEmpty()) {
            throw new IllegalArgumentException("local part and domain are required");
        }
    }

    /** Key of an address with the default {@code +} sub-address separator; empty for garbage. */
    public static Optional<AddressKey> of(String raw) {
        return of(raw, DEFAULT_SEPARATOR);
    }

    /** Key of a parsed mailbox; empty when it has no usable address. */
    public static Optional<AddressKey> of(MailAddress address) {
        return address == null ? Optional.empty() : of(address.address());
    }

    /**
     * Key of an address, removing the sub-address after the first {@code separator} in the local part.
     * A null or empty separator keeps the local part whole. A local part that starts with the
     * separator ({@code +team@x.com}) is kept whole too: stripping would leave nothing to match.
     *
     * @return the key, or empty when {@code raw} is not an address
     */
    public static Optional<AddressKey> of(String raw, String separator) {
        if (raw == null) return Optional.empty();
        String s = raw.trim();
        // "Name <a@b>" and "<a@b>": the address is what the brackets hold
        int open = s.lastIndexOf('<');
        if (open >= 0) {
            int close = s.indexOf('>', open);
            if (close < 0) return Optional.empty();
            s = s.substring(open + 1, close).trim();
        }
        if (s.regionMatches(true, 0, "mailto:", 0, 7)) {
            s = s.substring(7);
            int query = s.indexOf('?');
            if (query >= 0) s = s.substring(0, query);
            s = s.trim();
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at == s.length() - 1) return Optional.empty();
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (!validLocal(local)) return Optional.empty();
        local = local.toLowerCase(Locale.ROOT);
        if (separator != null && !separator.isEmpty() && !local.startsWith(separator)) {
            int cut = local.indexOf(separator);
            if (cut > 0) local = local.substring(0, cut);
        }
        String base = local;
        return asciiDomain(domain).map(d -> new AddressKey(base, d));
    }

    /** The address {@code local@domain}, for storage and lookups. */
    public String value() {
        return local + "@" + domain;
    }

    /** True when this key belongs to the given domain (case and IDN form do not matter). */
    public boolean inDomain(String otherDomain) {
        return otherDomain != null && asciiDomain(otherDomain.trim()).map(domain::equals).orElse(false);
    }

    @Override
    public String toString() {
        return value();
    }

    private static boolean validLocal(String local) {
        if (local.startsWith("\"") && local.endsWith("\"") && local.length() > 2) return true;
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c <= ' ' || c == '@' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';'
                    || c == ':' || c == '"' || c == '[' || c == ']' || c == '\\' || c == 0x7f) {
                return false;
            }
        }
        return !local.startsWith(".") && !local.endsWith(".") && !local.contains("..");
    }

    private static Optional<String> asciiDomain(String domain) {
        String d = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (d.isEmpty() || d.startsWith(".") || d.contains("..")) return Optional.empty();
        if (d.startsWith("[") && d.endsWith("]")) return Optional.of(d.toLowerCase(Locale.ROOT));
        try {
            String ascii = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            for (int i = 0; i < ascii.length(); i++) {
                char c = ascii.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.')) return Optional.empty();
            }
            return Optional.of(ascii);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

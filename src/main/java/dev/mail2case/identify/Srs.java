package dev.mail2case.identify;

import java.util.Locale;
import java.util.Optional;

/**
 * Decodes Sender Rewriting Scheme addresses that forwarders put in the envelope sender (Return-Path)
 * so SPF passes: {@code SRS0=HHH=TT=example.com=alice@forwarder.net} and the second-hop form
 * {@code SRS1=HHH=forwarder.net==HHH=TT=example.com=alice@other.net}. The hash is not checked: we
 * only read the address, we never send bounces through it.
 */
public final class Srs {

    private Srs() {
    }

    /** The original envelope sender, or empty when the address is not SRS-rewritten. */
    public static Optional<String> originalSender(String address) {
        String a = strip(address);
        int at = a.lastIndexOf('@');
        if (at < 6) return Optional.empty();
        String local = a.substring(0, at);
        String tag = local.substring(0, 4).toUpperCase(Locale.ROOT);
        // the separator after SRS0/SRS1 is "=" by default, "+" or "-" in some setups
        char sep = local.charAt(4);
        if (sep != '=' && sep != '+' && sep != '-') return Optional.empty();
        String rest = local.substring(5);
        if (tag.equals("SRS1")) {
            int hop = rest.indexOf("==");
            if (hop < 0) return Optional.empty();
            rest = rest.substring(hop + 2);
        } else if (!tag.equals("SRS0")) {
            return Optional.empty();
        }
        String[] parts = rest.split("=", 4); // hash, timestamp, domain, local part (may hold '=')
        if (parts.length < 4 || parts[2].isEmpty() || parts[3].isEmpty()) return Optional.empty();
        return Optional.of(parts[3] + "@" + parts[2]);
    }

    /** The domain of the forwarder that rewrote the address first, or empty when not SRS. */
    public static Optional<String> firstForwarderDomain(String address) {
        String a = strip(address);
        if (originalSender(a).isEmpty()) return Optional.empty();
        String local = a.substring(0, a.lastIndexOf('@'));
        if (local.substring(0, 4).equalsIgnoreCase("SRS1")) {
            String rest = local.substring(5);
            String first = rest.substring(0, rest.indexOf("=="));
            int eq = first.indexOf('=');
            return Optional.of(eq < 0 ? first : first.substring(eq + 1));
        }
        return Optional.of(a.substring(a.lastIndexOf('@') + 1));
    }

    private static String strip(String address) {
        if (address == null) return "";
        String a = address.trim();
        if (a.startsWith("<")) a = a.substring(1);
        if (a.endsWith(">")) a = a.substring(0, a.length() - 1);
        return a.trim();
    }
}

package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link OriginalParties} needs to know about this deployment.
 *
 * @param ownAddresses every address of ours: account addresses and their aliases, including tenants'
 *                     own-domain addresses that forward to us; the original recipient is picked among these
 * @param forwarders   addresses whose mail is a forward we should look through: a manager who forwards by
 *                     hand, a mailbox with a forward rule; only their quoted header blocks are believed
 * @param separator    sub-address separator for matching, see {@link AddressKey#of(String, String)}
 */
public record ForwardingContext(Set<AddressKey> ownAddresses, Set<AddressKey> forwarders, String separator) {

    public ForwardingContext {
        ownAddresses = Set.copyOf(ownAddresses);
        forwarders = Set.copyOf(forwarders);
    }

    /** Context with the default {@code +} separator; unparseable addresses are skipped. */
    public static ForwardingContext of(Collection<String> ownAddresses, Collection<String> forwarders) {
        return of(ownAddresses, forwarders, AddressKey.DEFAULT_SEPARATOR);
    }

    public static ForwardingContext of(Collection<String> ownAddresses, Collection<String> forwarders, String separator) {
        return new ForwardingContext(keys(ownAddresses, separator), keys(forwarders, separator), separator);
    }

    /** Context that knows no addresses: every rule still applies, the first hop wins. */
    public static ForwardingContext none() {
        return of(List.of(), List.of());
    }

    public boolean isOwn(MailAddress address) {
        AddressKey k = address == null ? null : key(address.address());
        return k != null && ownAddresses.contains(k);
    }

    public boolean isForwarder(MailAddress address) {
        AddressKey k = address == null ? null : key(address.address());
        return k != null && forwarders.contains(k);
    }

    /** Same mailbox under this context's matching rules. */
    public boolean same(MailAddress a, MailAddress b) {
        AddressKey ka = a == null ? null : key(a.address());
        return ka != null && ka.equals(key(b == null ? null : b.address()));
    }

    AddressKey key(String address) {
        return AddressKey.of(address, separator).orElse(null);
    }

    private static Set<AddressKey> keys(Collection<String> addresses, String separator) {
        Set<AddressKey> out = new LinkedHashSet<>();
        if (addresses != null) {
            for (String a : addresses) AddressKey.of(a, separator).ifPresent(out::add);
        }
        return out;
    }
}

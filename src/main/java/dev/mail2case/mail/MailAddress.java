package dev.mail2case.mail;

import java.util.Locale;

/** One mailbox from an address header: the address as written and the decoded display name. */
public record MailAddress(String address, String name) {

    /** The address lower-cased and trimmed, for comparisons. */
    public String normalized() {
        return address == null ? "" : address.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name == null || name.isBlank() ? address : name + " <" + address + ">";
    }
}

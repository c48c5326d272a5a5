package dev.mail2case.identify;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an account does with mail from a sender that matches no contact. */
public enum UnknownSenderPolicy {

    /** No case; the sender gets a failure mail. */
    REJECT("reject"),
    /** A case marked as from an unregistered sender; the sender gets an acknowledgement. */
    ACCEPT_UNREGISTERED("accept-unregistered"),
    /** No case and no mail back; the mail is only recorded. */
    IGNORE("ignore");

    private final String configValue;

    UnknownSenderPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The spelling used in account configuration. */
    public String configValue() {
        return configValue;
    }

    /**
     * The policy for a configuration value, case-insensitive, surrounding blanks ignored;
     * {@code accept_unregistered} is read like {@code accept-unregistered}.
     *
     * @throws IllegalArgumentException naming the valid values when the value is none of them
     */
    public static UnknownSenderPolicy parse(String value) {
        if (value != null) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (UnknownSenderPolicy p : values()) {
                if (p.configValue.equals(v)) return p;
            }
        }
        throw new IllegalArgumentException("unknown sender policy '" + value + "'; valid values: "
                + Arrays.stream(values()).map(UnknownSenderPolicy::configValue).collect(Collectors.joining(", ")));
    }
}

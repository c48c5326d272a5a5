package dev.mail2case.screen;

/** What an incoming mail is, as far as the pipeline cares. */
public enum Kind {
    MESSAGE("message"),
    AUTO_REPLY("auto-reply"),
    BOUNCE("bounce"),
    DELIVERY_REPORT("delivery-report"),
    FEEDBACK("feedback"),
    READ_RECEIPT("read-receipt");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

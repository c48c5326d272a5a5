package dev.mail2case.pipeline;

/**
 * What becomes of a mail: the one decision the routes branch on (exchange property
 * {@link Pipeline#OUTCOME}). Identify sets it, thread and assign may change it; each stage sets it in
 * one {@code setProperty} of its route, and {@code 70-record} has a branch per value. Route files
 * compare with the names: {@code ${exchangeProperty.mail2caseOutcome} == 'REPLY'}.
 */
public enum Outcome {
    /** A known sender's new request: a case is opened. */
    NEW_CASE("accept"),
    /** An unknown sender on an account that takes them: a case flagged unregistered is opened. */
    NEW_CASE_UNREGISTERED("accept-unregistered"),
    /** The mail joins an existing case. */
    REPLY("reply"),
    /** No case; the sender is told why ({@link Pipeline#REFUSAL}). */
    REJECT("reject"),
    /** No case and no answer; the mail is only kept. */
    IGNORE("ignore"),
    /** Automatic mail (auto-reply, delivery report, feedback, read receipt) that joins no case: only kept. */
    AUTOMATIC("automatic");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The word the settings ({@code unknown-senders}) and {@code inspect --explain} use. */
    public String label() {
        return label;
    }

    /** True when a case is to be opened. */
    public boolean opensCase() {
        return this == NEW_CASE || this == NEW_CASE_UNREGISTERED;
    }
}

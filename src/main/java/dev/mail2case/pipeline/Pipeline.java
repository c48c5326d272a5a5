package dev.mail2case.pipeline;

/**
 * Exchange properties the stages pass along. Routes refer to them as
 * {@code ${exchangeProperty.NAME}}; nothing else travels between stages.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /** Id of the account the mail was taken from (String): idempotency and failures count per mailbox. */
    public static final String ACCOUNT = "mail2caseAccount";
    /**
     * Id of the account whose settings apply (String): the account the mail was originally sent to
     * when one mailbox receives mail for several addresses; absent means {@link #ACCOUNT}.
     */
    public static final String SETTINGS_ACCOUNT = "mail2caseSettingsAccount";

    /** The settings that apply to the mail on this exchange. */
    public static <T> T settings(org.apache.camel.Exchange exchange, java.util.Map<String, T> accounts) {
        String id = exchange.getProperty(SETTINGS_ACCOUNT, String.class);
        return accounts.get(id != null ? id : exchange.getProperty(ACCOUNT, String.class));
    }
    /** The mail exactly as the server gave it (byte[]). */
    public static final String RAW = "mail2caseRaw";
    /** Idempotency key: Message-ID, or a hash of the raw bytes when there is none (String). */
    public static final String KEY = "mail2caseKey";
    /** The parsed mail ({@code mail.InboundMail}). */
    public static final String MAIL = "mail2caseMail";
    /** True when this account already took this mail: nothing more is done (Boolean). */
    public static final String DUPLICATE = "mail2caseDuplicate";
    /** True once a failing mail went to quarantine, so the server may let it go (Boolean). */
    public static final String QUARANTINED = "mail2caseQuarantined";
    /** Number of the case the mail opened or joined (Long). */
    public static final String CASE_NUMBER = "mail2caseCaseNumber";
    /** Id of the quarantine row when the mail is a replay of it (Long); absent for mail off a server. */
    public static final String REPLAY_OF = "mail2caseReplayOf";
    /** Header into {@code direct:lookup-contact}: the address to look up (the original sender's), lower case. */
    public static final String LOOKUP_ADDRESS = "mail2caseLookupAddress";
    /** What {@code direct:lookup-contact} answered ({@code identify.ContactAnswer}); absent when it knew nobody. */
    public static final String CONTACT_ANSWER = "mail2caseContactAnswer";
    /**
     * Whether the From passed the checks of the account's own receiving server
     * ({@code identify.SenderTrust.Verdict}); absent when the account checks nothing.
     */
    public static final String SENDER_TRUST = "mail2caseSenderTrust";
    /** The sender as the contact records know it ({@code assign.Sender}); absent when unknown. */
    public static final String CONTACT = "mail2caseContact";
    /** Who really wrote, also when the mail was forwarded ({@code mail.MailAddress}). */
    public static final String ORIGINAL_SENDER = "mail2caseOriginalSender";
    /** Who forwarded the mail to us, when someone did ({@code mail.MailAddress}). */
    public static final String FORWARDED_BY = "mail2caseForwardedBy";
    /** The address the mail was first sent to, before any forwarding (String). */
    public static final String ORIGINAL_RECIPIENT = "mail2caseOriginalRecipient";
    /**
     * What becomes of the mail ({@link Outcome}): set by the identify stage's route from
     * {@code senderGate.decide}, changed only by the thread stage ({@code threader.thread}: a reply, or a
     * refused one) and the assign stage ({@code assigner.assign}: a refused assignment), each in one
     * {@code setProperty} of its route; {@code 70-record} branches on it.
     */
    public static final String OUTCOME = "mail2caseOutcome";
    /** True when nothing may be written (Boolean): {@code inspect --explain} runs the routes with it. */
    public static final String DRY_RUN = "mail2caseDryRun";
    /** In a dry run, the ids of the routes the mail entered, in order (a mutable List of String). */
    public static final String STAGES = "mail2caseStages";
    /** Why a mail gets no case, told to the sender when the outcome is {@link Outcome#REJECT} (String). */
    public static final String REFUSAL = "mail2caseRefusal";
    /** Where a new case goes ({@code assign.Assignment}). */
    public static final String ASSIGNMENT = "mail2caseAssignment";
    /** What the mail is: message, auto-reply, bounce, delivery-report, feedback or read-receipt (String). */
    public static final String KIND = "mail2caseKind";
    /** The classifier's verdict ({@code screen.Classification}). */
    public static final String CLASSIFICATION = "mail2caseClassification";
    /** Why no automatic mail may answer this mail (String); absent when one may. */
    public static final String NO_AUTO_REPLY = "mail2caseNoAutoReply";
    /** Why this mail is our own coming back and must not be processed as new (String). */
    public static final String OWN_MAIL = "mail2caseOwnMail";
    /** What threading decided ({@code thread.Threader.Decision}). */
    public static final String THREAD = "mail2caseThread";
    /** Id of the outbox row being delivered (Long). */
    public static final String OUTBOX_ID = "mail2caseOutboxId";
    /** Seconds a sent outbox row waited from being written to being sent; set once its sending is recorded. */
    public static final String OUTBOX_WAITED = "mail2caseOutboxWaitedSeconds";
}

package dev.mail2case.identify;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.util.Locale;
import java.util.Map;

/**
 * The identify stage's outcome: automatic mail is only kept (unless threading finds its case); a
 * known sender opens a case; for an unknown one the account's policy applies: reject (no case, a
 * failure mail saying why), accept-unregistered (a case flagged unregistered, acknowledged), or
 * ignore (the mail is kept and searchable, nothing else happens).
 */
public class SenderGate {
    private final Map<String, AccountSettings> accounts;

    public SenderGate(Map<String, AccountSettings> accounts) {
        this.accounts = accounts;
    }

    /** The route sets {@link Pipeline#OUTCOME} to what this returns. */
    public Outcome decide(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        if (exchange.getProperty(Pipeline.ORIGINAL_RECIPIENT) == null) {
            exchange.setProperty(Pipeline.ORIGINAL_RECIPIENT, originalRecipient(mail, account));
        }
        Outcome outcome = decide(exchange.getProperty(Pipeline.KIND, String.class),
                exchange.getProperty(Pipeline.CONTACT) != null,
                account == null ? null : account.unknownSenders());
        if (outcome == Outcome.REJECT) {
            var sender = mail == null ? null : ForwardedMail.sender(exchange, mail);
            exchange.setProperty(Pipeline.REFUSAL, refusal(sender == null ? null : sender.address(), account));
        }
        return outcome;
    }

    /**
     * @param kind           what screening found the mail to be (null when unscreened)
     * @param known          whether the contact records know the sender (and the account takes their kind)
     * @param unknownSenders the account's policy for unknown senders, null for none
     */
    public static Outcome decide(String kind, boolean known, String unknownSenders) {
        if (kind != null && !kind.equals("message")) {
            return Outcome.AUTOMATIC;
        }
        if (known) {
            return Outcome.NEW_CASE;
        }
        return switch (unknownSenders == null ? UnknownSenderPolicy.ACCEPT_UNREGISTERED
                : UnknownSenderPolicy.parse(unknownSenders)) {
            case REJECT -> Outcome.REJECT;
            case IGNORE -> Outcome.IGNORE;
            case ACCEPT_UNREGISTERED -> Outcome.NEW_CASE_UNREGISTERED;
        };
    }

    static String refusal(String sender, AccountSettings account) {
        return (sender == null ? "the sender" : sender) + " is not registered for "
                + (account == null ? "this address" : account.address())
                + ", so no request was opened. Please write from the address we have on record.";
    }

    /** The account's own address when the mail was sent to it, else the first recipient. */
    static String originalRecipient(InboundMail mail, AccountSettings account) {
        if (mail == null) {
            return null;
        }
        if (account != null) {
            String own = account.address().toLowerCase(Locale.ROOT);
            for (var a : mail.to()) {
                if (a.normalized().equals(own)) {
                    return own;
                }
            }
        }
        return mail.to().isEmpty() ? null : mail.to().get(0).normalized();
    }
}

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
        SenderTrust.Verdict trust = exchange.getProperty(Pipeline.SENDER_TRUST, SenderTrust.Verdict.class);
        String kind = exchange.getProperty(Pipeline.KIND, String.class);
        Outcome outcome = decide(kind, exchange.getProperty(Pipeline.CONTACT) != null,
                account == null ? null : account.unknownSenders(), trust);
        if (outcome == Outcome.REJECT) {
            var sender = mail == null ? null : ForwardedMail.sender(exchange, mail);
            String address = sender == null ? null : sender.address();
            exchange.setProperty(Pipeline.REFUSAL, trust != null && trust.refused() && isMessage(kind)
                    ? SenderTrust.refusal(mail.from() == null ? null : mail.from().address(), trust)
                    : refusal(address, account));
        }
        return outcome;
    }

    /**
     * @param kind           what screening found the mail to be (null when unscreened)
     * @param known          whether the contact records know the sender (and the account takes their kind)
     * @param unknownSenders the account's policy for unknown senders, null for none
     */
    public static Outcome decide(String kind, boolean known, String unknownSenders) {
        return decide(kind, known, unknownSenders, null);
    }

    /**
     * As {@link #decide(String, boolean, String)}, with the verdict on the From address: a From the
     * account's server failed, on an account that refuses such mail, is refused; otherwise the verdict
     * has already decided {@code known} (a failing From matched no contact unless the account flags it).
     */
    public static Outcome decide(String kind, boolean known, String unknownSenders, SenderTrust.Verdict trust) {
        if (!isMessage(kind)) {
            return Outcome.AUTOMATIC;
        }
        if (trust != null && trust.refused()) {
            return Outcome.REJECT;
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

    private static boolean isMessage(String kind) {
        return kind == null || kind.equals("message");
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

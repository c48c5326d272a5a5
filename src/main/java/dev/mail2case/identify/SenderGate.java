package dev.mail2case.identify;

import dev.mail2case.Pipeline;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.mail.InboundMail;
import org.apache.camel.Exchange;

import java.util.Locale;
import java.util.Map;

/**
 * Applies the account's policy for senders the contact records do not know: reject (no case, a
 * failure mail saying why), accept-unregistered (a case flagged unregistered, acknowledged), or
 * ignore (the mail is kept and searchable, nothing else happens). Known senders are accepted.
 */
public class SenderGate {
    private final Map<String, AccountSettings> accounts;

    public SenderGate(Map<String, AccountSettings> accounts) {
        this.accounts = accounts;
    }

    public void decide(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        if (exchange.getProperty(Pipeline.ORIGINAL_RECIPIENT) == null) {
            exchange.setProperty(Pipeline.ORIGINAL_RECIPIENT, originalRecipient(mail, account));
        }
        if (exchange.getProperty(Pipeline.CONTACT) != null) {
            exchange.setProperty(Pipeline.SENDER_DECISION, "accept");
            return;
        }
        String policy = account == null ? "accept-unregistered" : account.unknownSenders();
        exchange.setProperty(Pipeline.SENDER_DECISION, policy);
        if (policy.equals("reject")) {
            var sender = mail == null ? null : ForwardedMail.sender(exchange, mail);
            String who = sender == null ? "the sender" : sender.address();
            exchange.setProperty(Pipeline.REFUSAL, who + " is not registered for "
                    + (account == null ? "this address" : account.address())
                    + ", so no request was opened. Please write from the address we have on record.");
        }
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

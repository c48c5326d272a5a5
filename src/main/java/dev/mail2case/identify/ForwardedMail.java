package dev.mail2case.identify;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Stage {@code identify}, first step: who really wrote and to which of our addresses, for mail that
 * Exchange/Office 365 rules, aliases or a person forwarded. Sets {@link Pipeline#ORIGINAL_SENDER},
 * {@link Pipeline#ORIGINAL_RECIPIENT} and, when forwarded, {@link Pipeline#FORWARDED_BY}.
 */
public class ForwardedMail {
    private final OriginalParties resolver = new OriginalParties();
    private final Map<String, AccountSettings> accounts;
    private final List<String> ownAddresses;

    public ForwardedMail(Map<String, AccountSettings> accounts) {
        this.accounts = accounts;
        this.ownAddresses = accounts.values().stream().map(AccountSettings::address).toList();
    }

    public void resolve(Exchange exchange) {
        AccountSettings account = accounts.get(exchange.getProperty(Pipeline.ACCOUNT, String.class));
        Parties parties = resolve(account, exchange.getProperty(Pipeline.MAIL, InboundMail.class));
        if (parties.sender() != null) {
            exchange.setProperty(Pipeline.ORIGINAL_SENDER, parties.sender());
        }
        if (parties.recipient() != null) {
            String recipient = parties.recipient().normalized();
            exchange.setProperty(Pipeline.ORIGINAL_RECIPIENT, recipient);
            // One mailbox, several addresses: the address the mail was meant for picks the settings.
            accounts.values().stream().filter(a -> a.address().equalsIgnoreCase(recipient)).findFirst()
                    .filter(a -> account == null || !a.id().equals(account.id()))
                    .ifPresent(a -> exchange.setProperty(Pipeline.SETTINGS_ACCOUNT, a.id()));
        }
        if (parties.forwarded()) {
            exchange.setProperty(Pipeline.FORWARDED_BY, parties.forwarder());
        }
    }

    public Parties resolve(AccountSettings account, InboundMail mail) {
        List<String> forwarders = new ArrayList<>(account == null ? List.of() : account.forwarders());
        return resolver.resolve(mail, ForwardingContext.of(ownAddresses, forwarders));
    }

    /** The original sender when known, else From. */
    public static MailAddress sender(Exchange exchange, InboundMail mail) {
        MailAddress original = exchange.getProperty(Pipeline.ORIGINAL_SENDER, MailAddress.class);
        return original != null ? original : mail.from();
    }
}

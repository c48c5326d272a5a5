package dev.mail2case.identify;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * The account's {@code accepts}: a sender of a kind the account does not take (an employee writing
 * to the client desk that accepts only client contacts) counts as unknown there, whoever answered
 * the lookup.
 */
public class AccountPolicy {
    private final Map<String, AccountSettings> accounts;

    public AccountPolicy(Map<String, AccountSettings> accounts) {
        this.accounts = accounts;
    }

    public void apply(Exchange exchange) {
        Sender sender = exchange.getProperty(Pipeline.CONTACT, Sender.class);
        AccountSettings account = Pipeline.settings(exchange, accounts);
        if (sender != null && account != null && !accepts(account, sender)) {
            exchange.removeProperty(Pipeline.CONTACT);
        }
    }

    static boolean accepts(AccountSettings account, Sender sender) {
        String kind = "DOMAIN".equals(sender.kind()) ? "CLIENT_CONTACT" : sender.kind();
        return account.accepts().contains(kind);
    }
}

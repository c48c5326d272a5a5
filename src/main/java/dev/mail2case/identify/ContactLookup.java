package dev.mail2case.identify;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.util.Map;
import java.util.Optional;

/**
 * The shipped contact lookup (route {@code lookup-contact}): client contacts, employees and tenants
 * in PostgreSQL, matched case-insensitively and ignoring plus-addressing; where the account has
 * {@code domain-match}, an unknown person at a client's mail domain. It answers in the plain fields
 * of {@link ContactAnswer}, as a CRM standing in its place would.
 */
public class ContactLookup {

    private final Database database;
    private final Map<String, AccountSettings> accounts;
    private final ContactRepository contacts = new ContactRepository();

    public ContactLookup(Database database, Map<String, AccountSettings> accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    /** In: header {@value Pipeline#LOOKUP_ADDRESS} and the account; out: the answer as the body. */
    public void lookup(Exchange exchange) {
        String address = exchange.getMessage().getHeader(Pipeline.LOOKUP_ADDRESS, String.class);
        AccountSettings account = Pipeline.settings(exchange, accounts);
        exchange.getMessage().setBody(address == null ? null
                : find(address, account).map(ContactAnswer::toMap).orElse(null));
    }

    public Optional<ContactAnswer> find(String address, AccountSettings account) {
        String key = baseAddress(address);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<ContactAnswer> known = database.read(em -> contacts.byAddress(em, key));
        if (known.isPresent() || account == null || !account.domainMatch()) {
            return known;
        }
        String domain = key.substring(key.indexOf('@') + 1);
        return database.read(em -> contacts.atClientDomain(em, domain, key));
    }

    /** Lower-cased, trimmed, without a +sub-address: anna+support@x.com is anna@x.com. */
    static String baseAddress(String address) {
        return AddressKey.of(address).map(AddressKey::value).orElse("");
    }
}

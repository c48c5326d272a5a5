package dev.mail2case.identify;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.util.List;
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
        Optional<ContactAnswer> known = database.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT c.kind, c.name, c.email, cl.name, o.name, j.number
                      FROM contacts c LEFT JOIN clients cl ON cl.id = c.client_id
                           LEFT JOIN offices o ON o.id = c.office_id LEFT JOIN jobs j ON j.id = c.default_job_id
                     WHERE lower(c.email) = ?1""").setParameter(1, key).getResultList();
            return rows.stream().map(ContactLookup::answer).findFirst();
        });
        if (known.isPresent() || account == null || !account.domainMatch()) {
            return known;
        }
        String domain = key.substring(key.indexOf('@') + 1);
        return database.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT 'DOMAIN', NULL, ?2, cl.name, NULL, NULL
                      FROM clients cl
                     WHERE ?1 = ANY (string_to_array(replace(lower(coalesce(cl.email_domains, '')), ' ', ''), ','))
                     ORDER BY cl.id LIMIT 1""").setParameter(1, domain).setParameter(2, key).getResultList();
            return rows.stream().map(ContactLookup::answer).findFirst();
        });
    }

    /** Lower-cased, trimmed, without a +sub-address: anna+support@x.com is anna@x.com. */
    static String baseAddress(String address) {
        return AddressKey.of(address).map(AddressKey::value).orElse("");
    }

    private static ContactAnswer answer(Object[] r) {
        return new ContactAnswer((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (String) r[5]);
    }
}

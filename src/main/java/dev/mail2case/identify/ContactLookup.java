package dev.mail2case.identify;

import dev.mail2case.Pipeline;
import dev.mail2case.assign.Sender;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default contact lookup (route {@code lookup-contact}): client contacts, employees and tenants
 * in PostgreSQL, matched case-insensitively and ignoring plus-addressing; optionally an unknown person
 * at a client's mail domain. Only the kinds the account accepts count.
 */
public class ContactLookup {

    private final Database database;
    private final Map<String, AccountSettings> accounts;

    public ContactLookup(Database database, Map<String, AccountSettings> accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    public void lookup(Exchange exchange) {
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        AccountSettings account = Pipeline.settings(exchange, accounts);
        if (mail == null || account == null) {
            return;
        }
        var sender = ForwardedMail.sender(exchange, mail);
        if (sender != null) {
            find(sender.address(), account).ifPresent(s -> exchange.setProperty(Pipeline.CONTACT, s));
        }
    }

    public Optional<Sender> find(String address, AccountSettings account) {
        String key = baseAddress(address);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Optional<Sender> known = database.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT c.id, c.kind, c.name, c.client_id, cl.name, cl.default_job_id, cl.default_component,
                           c.office_id, c.default_job_id
                      FROM contacts c LEFT JOIN clients cl ON cl.id = c.client_id
                     WHERE lower(c.email) = ?1""").setParameter(1, key).getResultList();
            return rows.stream().map(ContactLookup::sender).findFirst();
        });
        if (known.isPresent()) {
            return known.filter(s -> account.accepts().contains(s.kind()));
        }
        if (!account.domainMatch() || !account.accepts().contains("CLIENT_CONTACT")) {
            return Optional.empty();
        }
        String domain = key.substring(key.indexOf('@') + 1);
        return database.inTransaction(em -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT 0, 'DOMAIN', NULL, cl.id, cl.name, cl.default_job_id, cl.default_component, NULL, NULL
                      FROM clients cl
                     WHERE ?1 = ANY (string_to_array(replace(lower(coalesce(cl.email_domains, '')), ' ', ''), ','))
                     ORDER BY cl.id LIMIT 1""").setParameter(1, domain).getResultList();
            return rows.stream().map(ContactLookup::sender).findFirst();
        });
    }

    /** Lower-cased, trimmed, without a +sub-address: anna+support@x.com is anna@x.com. */
    static String baseAddress(String address) {
        return AddressKey.of(address).map(AddressKey::value).orElse("");
    }

    private static Sender sender(Object[] r) {
        return new Sender(((Number) r[0]).longValue(), (String) r[1], (String) r[2], lng(r[3]), (String) r[4],
                lng(r[5]), (String) r[6], lng(r[7]), lng(r[8]));
    }

    private static Long lng(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}

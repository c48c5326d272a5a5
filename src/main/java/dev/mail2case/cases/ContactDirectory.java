package dev.mail2case.cases;

import dev.mail2case.Pipeline;
import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import org.apache.camel.Exchange;

import java.util.List;

/** The default contact lookup: the contacts table. */
public class ContactDirectory {
    /** Exchange property set to the matched contact's id (Long), absent when the sender is unknown. */
    public static final String CONTACT = "mail2caseContact";

    private final Database database;

    public ContactDirectory(Database database) {
        this.database = database;
    }

    public void lookup(Exchange exchange) {
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        if (mail == null || mail.from() == null) {
            return;
        }
        String address = mail.from().normalized();
        List<?> ids = database.inTransaction(em -> em.createNativeQuery(
                "SELECT id FROM contacts WHERE lower(email) = ?1").setParameter(1, address).getResultList());
        if (!ids.isEmpty()) {
            exchange.setProperty(CONTACT, ((Number) ids.get(0)).longValue());
        }
    }
}

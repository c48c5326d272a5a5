package dev.mail2case.identify;

import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Both ends of {@code direct:lookup-contact}: what the lookup is asked (the original sender's
 * address), and its plain answer turned into the sender mail2case assigns by, with the ids of the
 * contact, client, office and job records of the same email, name and number.
 */
public class ContactRecords implements AggregationStrategy {
    private final Database database;
    private final ContactRepository contacts = new ContactRepository();

    public ContactRecords(Database database) {
        this.database = database;
    }

    /** Sets the header the lookup reads. */
    public void ask(Exchange exchange) {
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        MailAddress sender = mail == null ? null : ForwardedMail.sender(exchange, mail);
        exchange.getMessage().setHeader(Pipeline.LOOKUP_ADDRESS, sender == null ? null : sender.normalized());
    }

    /** Keeps the mail's own message and takes only the lookup's answer from the route's reply. */
    @Override
    public Exchange aggregate(Exchange mail, Exchange reply) {
        if (reply.getException() != null) {
            mail.setException(reply.getException());
            return mail;
        }
        Object body = reply.getMessage().getBody();
        if (body instanceof java.io.InputStream || body instanceof org.apache.camel.StreamCache) {
            body = reply.getMessage().getBody(String.class);
        }
        ContactAnswer answer = ContactAnswer.from(body);
        if (answer == null) {
            mail.removeProperty(Pipeline.CONTACT_ANSWER);
        } else {
            mail.setProperty(Pipeline.CONTACT_ANSWER, answer);
        }
        return mail;
    }

    /** The answer as the sender record the assignment reads; no answer leaves the sender unknown. */
    public void resolve(Exchange exchange) {
        ContactAnswer answer = exchange.getProperty(Pipeline.CONTACT_ANSWER, ContactAnswer.class);
        exchange.removeProperty(Pipeline.CONTACT);
        if (answer != null) {
            String address = answer.email() != null ? answer.email()
                    : exchange.getMessage().getHeader(Pipeline.LOOKUP_ADDRESS, String.class);
            exchange.setProperty(Pipeline.CONTACT, sender(answer, address));
        }
    }

    public Sender sender(ContactAnswer answer, String address) {
        ContactRepository.Records r = database.read(em -> contacts.records(em,
                ContactLookup.baseAddress(address == null ? "" : address), answer.client(), answer.office(),
                answer.defaultJob()));
        Long contactId = "DOMAIN".equals(answer.kind()) ? null : r.contactId();
        return new Sender(contactId == null ? 0 : contactId, answer.kind(), answer.name(), r.clientId(),
                r.clientName() != null ? r.clientName() : answer.client(), r.clientDefaultJobId(),
                r.clientDefaultComponent(), r.officeId(), r.defaultJobId());
    }
}

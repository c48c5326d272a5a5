package dev.mail2case.identify;

import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.pipeline.Pipeline;
import jakarta.persistence.EntityManager;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Optional;

/**
 * Both ends of {@code direct:lookup-contact}: what the lookup is asked (the original sender's
 * address), and its plain answer turned into the sender mail2case assigns by, with the ids of the
 * contact, client, office and job records of the same email, name and number.
 */
public class ContactRecords implements AggregationStrategy {
    private final Database database;

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
        return database.inTransaction(em -> {
            Object[] contact = first(em, "SELECT id, client_id, office_id, default_job_id FROM contacts WHERE lower(email) = ?1",
                    ContactLookup.baseAddress(address == null ? "" : address)).orElse(new Object[4]);
            Long clientId = answer.client() == null ? lng(contact[1])
                    : first(em, "SELECT id FROM clients WHERE lower(name) = lower(?1)", answer.client()).map(r -> lng(r[0])).orElse(null);
            Object[] client = clientId == null ? new Object[3]
                    : first(em, "SELECT name, default_job_id, default_component FROM clients WHERE id = ?1", clientId).orElseThrow();
            Long office = answer.office() == null ? lng(contact[2])
                    : first(em, "SELECT id FROM offices WHERE lower(name) = lower(?1)", answer.office()).map(r -> lng(r[0])).orElse(null);
            Long job = answer.defaultJob() == null ? lng(contact[3])
                    : first(em, "SELECT id FROM jobs WHERE number = ?1", answer.defaultJob()).map(r -> lng(r[0])).orElse(null);
            Long contactId = "DOMAIN".equals(answer.kind()) ? null : lng(contact[0]);
            return new Sender(contactId == null ? 0 : contactId, answer.kind(), answer.name(), clientId,
                    client[0] != null ? (String) client[0] : answer.client(), lng(client[1]), (String) client[2], office, job);
        });
    }

    private static Optional<Object[]> first(EntityManager em, String sql, Object parameter) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery(sql).setParameter(1, parameter).setMaxResults(1).getResultList();
        return rows.stream().findFirst().map(r -> r instanceof Object[] a ? a : new Object[]{r});
    }

    private static Long lng(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}

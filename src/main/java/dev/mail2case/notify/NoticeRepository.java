package dev.mail2case.notify;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * What the mail about a case reads: the case with its client and the client's region, with the people
 * who work it (assignee, resource, acting dispatcher), the dispatchers, a person's address and language,
 * and the languages and region a sender's acknowledgement is written for.
 */
public class NoticeRepository {

    /** A person who hears of a case: id, address, name (the address when there is none), language. */
    public record Person(long id, String email, String name, String language) {
    }

    /** A case with its client and the client's region, as the client's notification needs them. */
    public record ClientCase(long number, String subject, String status, String account, String clientName,
                             String clientEmail, boolean clientNotified, String clientRegion, String clientLanguage,
                             String region, boolean regionActive, String regionEvents, String regionReplyTo,
                             String portalUrl) {
    }

    /** A case with the people who work it, as the staff's notifications need them. */
    public record StaffCase(long number, String subject, String status, String account, String queue,
                            String assigneeEmail, String assigneeName, String assigneeLanguage,
                            String resourceEmail, String resourceName, String clientName, String senderAddress,
                            String senderName, OffsetDateTime deadline, String dispatcherEmail,
                            String dispatcherName, String dispatcherLanguage) {
    }

    /** The languages and the region an acknowledgement is written for; any may be null. */
    public record Audience(String contactLanguage, String clientLanguage, String region) {
    }

    /** The case and its client; empty when the case has no client. */
    public Optional<ClientCase> clientCase(EntityManager em, long caseId) {
        return Jdbc.first(em, """
                SELECT c.number, c.subject, c.status, c.account, cl.name, cl.email, cl.notify, cl.region, cl.language,
                       r.name, r.notifications_active, r.events, r.reply_to, r.portal_url
                  FROM cases c JOIN clients cl ON cl.id = c.client_id
                  LEFT JOIN regions r ON r.name = cl.region
                 WHERE c.id = ?""", rs -> new ClientCase(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getString(12), rs.getString(13),
                rs.getString(14)), caseId);
    }

    public StaffCase staffCase(EntityManager em, long caseId) {
        return Jdbc.first(em, """
                SELECT c.number, c.subject, c.status, c.account, c.queue, a.email, coalesce(a.name, a.email), a.language,
                       r.email, coalesce(r.display_name, r.name), cl.name, c.sender_address,
                       coalesce(c.sender_name, c.sender_address, ''), c.deadline_at, d.email, coalesce(d.name, d.email),
                       d.language
                  FROM cases c
                  LEFT JOIN contacts a ON a.id = c.assignee_id
                  LEFT JOIN resources r ON r.name = c.queue
                  LEFT JOIN clients cl ON cl.id = c.client_id
                  LEFT JOIN contacts d ON d.id = c.dispatcher_id
                 WHERE c.id = ?""", rs -> new StaffCase(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13),
                Jdbc.time(rs, 14), rs.getString(15), rs.getString(16), rs.getString(17)), caseId)
                .orElseThrow(() -> new java.util.NoSuchElementException("case id " + caseId + " does not exist"));
    }

    /** Employees who dispatch and have an address, by address. */
    public List<Person> dispatchers(EntityManager em) {
        return Jdbc.list(em, """
                SELECT id, email, coalesce(name, email), language FROM contacts
                 WHERE dispatcher AND kind = 'EMPLOYEE' AND email IS NOT NULL ORDER BY email""", NoticeRepository::person);
    }

    public Optional<Person> person(EntityManager em, long id) {
        return Jdbc.first(em, "SELECT id, email, coalesce(name, email), language FROM contacts WHERE id = ?",
                NoticeRepository::person, id);
    }

    /** The assignee, and the contact when an employee: who hears of a reply on the case. */
    public List<Person> replyReaders(EntityManager em, Long assigneeId, Long contactId) {
        return Jdbc.list(em, """
                SELECT p.id, p.email, coalesce(p.name, p.email), p.language FROM contacts p
                 WHERE p.id = ? OR (p.id = ? AND p.kind = 'EMPLOYEE')""", NoticeRepository::person,
                assigneeId == null ? -1L : assigneeId, contactId == null ? -1L : contactId);
    }

    public Audience audience(EntityManager em, Long contactId, Long clientId) {
        return Jdbc.first(em, """
                SELECT (SELECT language FROM contacts WHERE id = ?), cl.language, cl.region
                  FROM (SELECT 1) one LEFT JOIN clients cl ON cl.id = ?""",
                rs -> new Audience(rs.getString(1), rs.getString(2), rs.getString(3)),
                contactId == null ? -1L : contactId, clientId == null ? -1L : clientId).orElseThrow();
    }

    private static Person person(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }
}

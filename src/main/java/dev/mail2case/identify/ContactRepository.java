package dev.mail2case.identify;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The contact aggregate in PostgreSQL: contacts (client contacts, employees, tenants) with the
 * client, office and default job they belong to, and the clients' mail domains. Addresses are
 * compared lower-cased; callers pass the address key ({@link AddressKey}).
 */
public class ContactRepository {

    /** The record ids a sender is assigned by: the contact's own, overridden by what an answer names. */
    public record Records(Long contactId, Long clientId, String clientName, Long clientDefaultJobId,
                          String clientDefaultComponent, Long officeId, Long defaultJobId) {
    }

    /** The contact with this address, as the shipped lookup answers it. */
    public Optional<ContactAnswer> byAddress(EntityManager em, String key) {
        return Jdbc.first(em, """
                SELECT c.kind, c.name, c.email, cl.name, o.name, j.number
                  FROM contacts c LEFT JOIN clients cl ON cl.id = c.client_id
                       LEFT JOIN offices o ON o.id = c.office_id LEFT JOIN jobs j ON j.id = c.default_job_id
                 WHERE lower(c.email) = ?""", ContactRepository::answer, key);
    }

    /** An unknown person at the mail domain of a client (the first such client). */
    public Optional<ContactAnswer> atClientDomain(EntityManager em, String domain, String key) {
        return Jdbc.first(em, """
                SELECT 'DOMAIN', NULL, CAST(? AS text), cl.name, NULL, NULL
                  FROM clients cl
                 WHERE ? = ANY (string_to_array(replace(lower(coalesce(cl.email_domains, '')), ' ', ''), ','))
                 ORDER BY cl.id LIMIT 1""", ContactRepository::answer, key, domain);
    }

    /**
     * In one statement: the contact with this address, and the client, office and job an answer
     * names (by client name, office name, job number), each falling back to the contact's own when the
     * answer leaves it out. A name that matches no record leaves that id null.
     */
    public Records records(EntityManager em, String key, String client, String office, String job) {
        return Jdbc.first(em, """
                SELECT ct.id, cl.id, cl.name, cl.default_job_id, cl.default_component,
                       CASE WHEN CAST(? AS text) IS NULL THEN ct.office_id
                            ELSE (SELECT id FROM offices WHERE lower(name) = lower(?) LIMIT 1) END,
                       CASE WHEN CAST(? AS text) IS NULL THEN ct.default_job_id
                            ELSE (SELECT id FROM jobs WHERE number = ? LIMIT 1) END
                  FROM (SELECT 1) one
                  LEFT JOIN LATERAL (SELECT id, client_id, office_id, default_job_id FROM contacts
                                      WHERE lower(email) = ? LIMIT 1) ct ON true
                  LEFT JOIN clients cl ON cl.id = CASE WHEN CAST(? AS text) IS NULL THEN ct.client_id
                            ELSE (SELECT id FROM clients WHERE lower(name) = lower(?) LIMIT 1) END""",
                rs -> new Records(Jdbc.longOrNull(rs, 1), Jdbc.longOrNull(rs, 2), rs.getString(3),
                        Jdbc.longOrNull(rs, 4), rs.getString(5), Jdbc.longOrNull(rs, 6), Jdbc.longOrNull(rs, 7)),
                office, office, job, job, key, client, client).orElseThrow();
    }

    /** The name of the employee with this address (any case), when there is one. */
    public Optional<String> employeeName(EntityManager em, String address) {
        return Jdbc.first(em, "SELECT name FROM contacts WHERE kind = 'EMPLOYEE' AND lower(email) = lower(?)",
                rs -> String.valueOf(rs.getString(1)), address);
    }

    private static ContactAnswer answer(ResultSet rs) throws SQLException {
        return new ContactAnswer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6));
    }
}

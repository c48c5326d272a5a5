package dev.mail2case.assign;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.util.Optional;

/**
 * What assignment reads of the organisation: jobs and offices with their default assignees, the
 * employees a routing rule may name, and the agency's default job.
 */
public class OrganisationRepository {

    /** A job as assignment needs it. */
    public record Job(long id, String component, Long defaultAssigneeId) {
    }

    public Optional<Job> job(EntityManager em, long id) {
        return Jdbc.first(em, "SELECT id, component, default_assignee_id FROM jobs WHERE id = ?",
                rs -> new Job(rs.getLong(1), rs.getString(2), Jdbc.longOrNull(rs, 3)), id);
    }

    public Optional<Job> jobByNumber(EntityManager em, String number) {
        return Jdbc.first(em, "SELECT id, component, default_assignee_id FROM jobs WHERE number = ?",
                rs -> new Job(rs.getLong(1), rs.getString(2), Jdbc.longOrNull(rs, 3)), number);
    }

    public Long officeDefaultAssignee(EntityManager em, long officeId) {
        return Jdbc.first(em, "SELECT default_assignee_id FROM offices WHERE id = ?", rs -> Jdbc.longOrNull(rs, 1),
                officeId).orElse(null);
    }

    /** The employee with this address (as written, lower-case). */
    public Long employeeByAddress(EntityManager em, String address) {
        return Jdbc.first(em, "SELECT id FROM contacts WHERE lower(email) = ? AND kind = 'EMPLOYEE'",
                rs -> rs.getLong(1), address).orElse(null);
    }

    /** The job the agency's setting {@code default_job} names, when it exists. */
    public Long agencyDefaultJob(EntityManager em) {
        return Jdbc.first(em, "SELECT j.id FROM agency_settings s JOIN jobs j ON j.number = s.value "
                + "WHERE s.key = 'default_job'", rs -> rs.getLong(1)).orElse(null);
    }

    /** What an assignment's ids name: the job's number, the office's and the client's names, the assignee's address. */
    public record Names(String job, String office, String client, String assignee) {
    }

    public Names names(EntityManager em, Long jobId, Long officeId, Long clientId, Long assigneeId) {
        return Jdbc.first(em, """
                SELECT (SELECT number FROM jobs WHERE id = ?), (SELECT name FROM offices WHERE id = ?),
                       (SELECT name FROM clients WHERE id = ?), (SELECT email FROM contacts WHERE id = ?)""",
                rs -> new Names(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
                jobId == null ? -1L : jobId, officeId == null ? -1L : officeId, clientId == null ? -1L : clientId,
                assigneeId == null ? -1L : assigneeId).orElseThrow();
    }
}

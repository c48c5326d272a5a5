package dev.mail2case.cases;

import dev.mail2case.config.Database;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Case events from operators and timers: accepting or rejecting a request, status changes, closing,
 * forwarding to a resource, escalation, deadlines, and the follow-up N days after a case closed (N
 * per region). Each change and the notifications it causes share one transaction, and each event is
 * recorded with who did it.
 */
public class CaseEvents {
    private static final Logger LOG = LoggerFactory.getLogger(CaseEvents.class);

    private final Database database;
    private final CaseRepository cases;
    private final CaseNotices notices;
    private final Clock clock;

    public CaseEvents(Database database, CaseRepository cases, CaseNotices notices, Clock clock) {
        this.database = database;
        this.cases = cases;
        this.notices = notices;
        this.clock = clock;
    }

    /** The request is taken on: the case is open and the client hears so when its region says. */
    public void accept(long number, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lock(em, number);
            if (cases.hasEvent(em, id, "request-accepted")) {
                throw new IllegalStateException("case " + number + " is already accepted");
            }
            em.createNativeQuery("UPDATE cases SET status = 'OPEN', updated_at = ?2, closed_at = NULL WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, now).executeUpdate();
            long event = cases.recordEvent(em, id, "request-accepted", null, actor, now);
            notices.toClient(em, id, "request-accepted", "request-accepted:" + event, Map.of(), List.of());
            return null;
        });
        LOG.info("Case {} accepted by {}", number, actor);
    }

    /** The request is turned down with a reason: the case is closed as rejected, without follow-up. */
    public void reject(long number, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lockForStatus(em, number, "REJECTED");
            em.createNativeQuery("UPDATE cases SET status = 'REJECTED', updated_at = ?2, closed_at = ?2, "
                    + "follow_up_due_at = NULL, deadline_at = NULL WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, now).executeUpdate();
            long event = cases.recordEvent(em, id, "request-rejected", reason.strip(), actor, now);
            notices.toClient(em, id, "request-rejected", "request-rejected:" + event, Map.of("reason", reason.strip()), List.of());
            return null;
        });
        LOG.info("Case {} rejected by {}: {}", number, actor, reason);
    }

    /**
     * Hands the case to another resource (and optionally a person in it). A dispatcher named here
     * becomes the case's acting dispatcher.
     */
    public void forward(long number, String resource, String assignee, String dispatcher, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lock(em, number);
            String target = resource(em, resource);
            Long person = assignee == null || assignee.isBlank() ? null : employee(em, assignee, "assignee");
            Long acting = dispatcher == null || dispatcher.isBlank() ? null : employee(em, dispatcher, "dispatcher");
            em.createNativeQuery("UPDATE cases SET queue = ?2, assignee_id = ?3, updated_at = ?4, "
                            + "dispatcher_id = coalesce(?5, dispatcher_id) WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, target).setParameter(3, person).setParameter(4, now)
                    .setParameter(5, acting).executeUpdate();
            long event = cases.recordEvent(em, id, "case-forwarded", "to " + target + (person == null ? "" : " (" + assignee + ")"),
                    actor, now);
            notices.toStaff(em, id, "case-forwarded", event, Map.of("actor", actor));
            return null;
        });
        LOG.info("Case {} forwarded to {} by {}", number, resource, actor);
    }

    /** Moves the case to the given resource, or to its resource's escalation resource. */
    public String escalate(long number, String resource, String reason, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String to = database.inTransaction(em -> escalate(em, cases.lock(em, number), resource, reason, actor, now));
        LOG.info("Case {} escalated to {} by {}", number, to, actor);
        return to;
    }

    @SuppressWarnings("unchecked")
    private String escalate(EntityManager em, long id, String resource, String reason, String actor,
                            OffsetDateTime now) {
        String target;
        if (resource != null && !resource.isBlank()) {
            target = resource(em, resource);
        } else {
            List<String> next = em.createNativeQuery("""
                    SELECT r.escalation_resource FROM cases c JOIN resources r ON r.name = c.queue
                     WHERE c.id = ?1 AND r.escalation_resource IS NOT NULL""").setParameter(1, id).getResultList();
            if (next.isEmpty()) {
                throw new IllegalStateException("the case's resource has no escalation resource; name one");
            }
            target = resource(em, next.get(0));
        }
        em.createNativeQuery("UPDATE cases SET queue = ?2, assignee_id = NULL, updated_at = ?3 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, target).setParameter(3, now).executeUpdate();
        String why = reason == null || reason.isBlank() ? "" : reason.strip();
        long event = cases.recordEvent(em, id, "case-escalated", "to " + target + (why.isEmpty() ? "" : ": " + why), actor, now);
        notices.toStaff(em, id, "case-escalated", event, Map.of("reason", why, "actor", actor));
        return target;
    }

    /** Sets the deadline (null clears it); passing it notifies the resource and the dispatchers once. */
    public void setDeadline(long number, OffsetDateTime at, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lock(em, number);
            em.createNativeQuery("UPDATE cases SET deadline_at = ?2, deadline_passed_at = NULL, updated_at = ?3 "
                    + "WHERE id = ?1").setParameter(1, id).setParameter(2, at).setParameter(3, now).executeUpdate();
            cases.recordEvent(em, id, "deadline-set", at == null ? "cleared" : at.toString(), actor, now);
            return null;
        });
    }

    /**
     * Handles every open case whose deadline has passed, once, also those that passed while the
     * service was down: the resource holding it and the dispatchers hear of it, then a case whose
     * resource has an escalation resource is escalated there.
     */
    @SuppressWarnings("unchecked")
    public int passDeadlines() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = database.inTransaction(em -> {
            List<Object[]> due = em.createNativeQuery("""
                    SELECT c.id, r.escalation_resource FROM cases c LEFT JOIN resources r ON r.name = c.queue
                     WHERE c.status NOT IN ('CLOSED', 'REJECTED') AND c.deadline_passed_at IS NULL
                       AND c.deadline_at <= ?1
                     ORDER BY c.deadline_at LIMIT 200 FOR UPDATE OF c SKIP LOCKED""")
                    .setParameter(1, now).getResultList();
            for (Object[] row : due) {
                long id = ((Number) row[0]).longValue();
                em.createNativeQuery("UPDATE cases SET deadline_passed_at = ?2 WHERE id = ?1")
                        .setParameter(1, id).setParameter(2, now).executeUpdate();
                long event = cases.recordEvent(em, id, "deadline-passed", null, "timer", now);
                notices.toStaff(em, id, "deadline-passed", event, Map.of());
                if (row[1] != null) {
                    escalate(em, id, (String) row[1], "the deadline passed", "timer", now);
                }
            }
            return due.size();
        });
        if (n > 0) {
            LOG.info("Deadlines passed on {} case(s)", n);
        }
        return n;
    }

    private static String resource(EntityManager em, String name) {
        List<?> rows = em.createNativeQuery("SELECT name FROM resources WHERE lower(name) = lower(?1)")
                .setParameter(1, name == null ? "" : name.strip()).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("there is no resource named '" + name + "'");
        }
        return (String) rows.get(0);
    }

    private static Long employee(EntityManager em, String address, String role) {
        List<?> rows = em.createNativeQuery("SELECT id FROM contacts WHERE lower(email) = lower(?1) AND kind = 'EMPLOYEE'")
                .setParameter(1, address.strip()).getResultList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("the " + role + " " + address + " is no employee");
        }
        return ((Number) rows.get(0)).longValue();
    }

    /**
     * Closes the case, attaches its PDF report, notifies the client with the report, and sets the
     * follow-up when the client's region has one.
     */
    public void close(long number, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lockForStatus(em, number, "CLOSED");
            em.createNativeQuery("""
                    UPDATE cases c SET status = 'CLOSED', closed_at = ?2, updated_at = ?2, follow_up_done_at = NULL,
                           follow_up_due_at = (SELECT CAST(?2 AS timestamptz) + r.follow_up_days * interval '1 day'
                                                 FROM clients cl JOIN regions r ON r.name = cl.region
                                                WHERE cl.id = c.client_id AND r.follow_up_days IS NOT NULL)
                     WHERE c.id = ?1""").setParameter(1, id).setParameter(2, now).executeUpdate();
            long event = cases.recordEvent(em, id, "case-closed", null, actor, now);
            // the report stays on the case as the record of its closing, and goes to the client with the notice
            long pdf = notices.attachReport(em, id, now);
            notices.toClient(em, id, "case-closed", "case-closed:" + event, Map.of(), List.of(pdf));
            return null;
        });
        LOG.info("Case {} closed by {}", number, actor);
    }

    /** Sets a new status; the client hears of it when the region notifies on that status. */
    public void changeStatus(long number, String status, String actor) {
        String s = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        if (!s.matches("[A-Z][A-Z0-9_-]{0,29}")) {
            throw new IllegalArgumentException("'" + status + "' is not a status name");
        }
        if (s.equals("CLOSED")) {
            close(number, actor);
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lockForStatus(em, number, s);
            em.createNativeQuery("UPDATE cases SET status = ?2, updated_at = ?3, closed_at = NULL, "
                            + "follow_up_due_at = NULL WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, s).setParameter(3, now).executeUpdate();
            long event = cases.recordEvent(em, id, "status-changed", s, actor, now);
            boolean notifies = !em.createNativeQuery("""
                    SELECT 1 FROM cases c JOIN clients cl ON cl.id = c.client_id JOIN regions r ON r.name = cl.region
                     WHERE c.id = ?1 AND ?2 = ANY (string_to_array(upper(replace(coalesce(r.notify_statuses, ''),
                                                                                  ' ', '')), ','))""")
                    .setParameter(1, id).setParameter(2, s).getResultList().isEmpty();
            if (notifies) {
                notices.toClient(em, id, "status-changed", "status-changed:" + event, Map.of("newStatus", s), List.of());
            } else {
                cases.recordEvent(em, id, "notification", "status-changed to " + s + " not sent because the client's region does"
                        + " not notify on that status", "mail2case", now);
            }
            return null;
        });
        LOG.info("Case {} set to {} by {}", number, s, actor);
    }

    /** Sends every follow-up that is due, once: also those that fell due while the service was down. */
    @SuppressWarnings("unchecked")
    public int sendDueFollowUps() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int sent = database.inTransaction(em -> {
            List<Number> due = em.createNativeQuery("""
                    SELECT id FROM cases WHERE status = 'CLOSED' AND follow_up_done_at IS NULL
                       AND follow_up_due_at <= ?1 ORDER BY follow_up_due_at LIMIT 200 FOR UPDATE SKIP LOCKED""")
                    .setParameter(1, now).getResultList();
            for (Number id : due) {
                notices.toClient(em, id.longValue(), "follow-up", "follow-up:" + id, Map.of(), List.of());
                em.createNativeQuery("UPDATE cases SET follow_up_done_at = ?2 WHERE id = ?1")
                        .setParameter(1, id.longValue()).setParameter(2, now).executeUpdate();
                cases.recordEvent(em, id.longValue(), "follow-up", null, "timer", now);
            }
            return due.size();
        });
        if (sent > 0) {
            LOG.info("Follow-ups sent for {} closed case(s)", sent);
        }
        return sent;
    }
}

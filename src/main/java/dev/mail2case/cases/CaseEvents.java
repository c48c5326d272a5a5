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
            cases.accepted(em, id, now);
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
            cases.rejected(em, id, now);
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
            String target = cases.resource(em, resource);
            Long person = assignee == null || assignee.isBlank() ? null : cases.employee(em, assignee, "assignee");
            Long acting = dispatcher == null || dispatcher.isBlank() ? null
                    : cases.employee(em, dispatcher, "dispatcher");
            cases.forwarded(em, id, target, person, acting, now);
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

    private String escalate(EntityManager em, long id, String resource, String reason, String actor,
                            OffsetDateTime now) {
        String target;
        if (resource != null && !resource.isBlank()) {
            target = cases.resource(em, resource);
        } else {
            String next = cases.escalationResource(em, id)
                    .orElseThrow(() -> new IllegalStateException(
                            "the case's resource has no escalation resource; name one"));
            target = cases.resource(em, next);
        }
        cases.escalated(em, id, target, now);
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
            cases.deadline(em, id, at, now);
            cases.recordEvent(em, id, "deadline-set", at == null ? "cleared" : at.toString(), actor, now);
            return null;
        });
    }

    /**
     * Handles every open case whose deadline has passed, once, also those that passed while the
     * service was down: the resource holding it and the dispatchers hear of it, then a case whose
     * resource has an escalation resource is escalated there.
     */
    public int passDeadlines() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = database.inTransaction(em -> {
            List<CaseRepository.PassedDeadline> due = cases.passedDeadlines(em, now);
            for (CaseRepository.PassedDeadline d : due) {
                cases.deadlinePassed(em, d.caseId(), now);
                long event = cases.recordEvent(em, d.caseId(), "deadline-passed", null, "timer", now);
                notices.toStaff(em, d.caseId(), "deadline-passed", event, Map.of());
                if (d.escalationResource() != null) {
                    escalate(em, d.caseId(), d.escalationResource(), "the deadline passed", "timer", now);
                }
            }
            return due.size();
        });
        if (n > 0) {
            LOG.info("Deadlines passed on {} case(s)", n);
        }
        return n;
    }

    /**
     * Closes the case, attaches its PDF report, notifies the client with the report, and sets the
     * follow-up when the client's region has one.
     */
    public void close(long number, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = cases.lockForStatus(em, number, "CLOSED");
            cases.closed(em, id, now);
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
            cases.status(em, id, s, now);
            long event = cases.recordEvent(em, id, "status-changed", s, actor, now);
            if (cases.regionNotifiesOn(em, id, s)) {
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
    public int sendDueFollowUps() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int sent = database.inTransaction(em -> {
            List<Long> due = cases.dueFollowUps(em, now);
            for (long id : due) {
                notices.toClient(em, id, "follow-up", "follow-up:" + id, Map.of(), List.of());
                cases.followUpDone(em, id, now);
                cases.recordEvent(em, id, "follow-up", null, "timer", now);
            }
            return due.size();
        });
        if (sent > 0) {
            LOG.info("Follow-ups sent for {} closed case(s)", sent);
        }
        return sent;
    }
}

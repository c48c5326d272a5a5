package dev.mail2case.cases;

import dev.mail2case.config.Database;
import dev.mail2case.notify.ClientNotifications;
import jakarta.persistence.EntityManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Case events from operators and timers: status changes, closing, and the follow-up N days after a
 * case closed (N per region). Each change and the notifications it causes share one transaction, and
 * each event is recorded with who did it.
 */
public class CaseEvents {
    private static final Logger LOG = LoggerFactory.getLogger(CaseEvents.class);

    private final Database database;
    private final ClientNotifications clients;
    private final Clock clock;

    public CaseEvents(Database database, ClientNotifications clients, Clock clock) {
        this.database = database;
        this.clients = clients;
        this.clock = clock;
    }

    /** Closes the case, notifies the client, and sets the follow-up when the client's region has one. */
    public void close(long number, String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            long id = lockCase(em, number, "CLOSED");
            em.createNativeQuery("""
                    UPDATE cases c SET status = 'CLOSED', closed_at = ?2, updated_at = ?2, follow_up_done_at = NULL,
                           follow_up_due_at = (SELECT CAST(?2 AS timestamptz) + make_interval(days => r.follow_up_days)
                                                 FROM clients cl JOIN regions r ON r.name = cl.region
                                                WHERE cl.id = c.client_id AND r.follow_up_days IS NOT NULL)
                     WHERE c.id = ?1""").setParameter(1, id).setParameter(2, now).executeUpdate();
            long event = event(em, id, "case-closed", null, actor, now);
            clients.notify(em, id, "case-closed", "case-closed:" + event, Map.of());
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
            long id = lockCase(em, number, s);
            em.createNativeQuery("UPDATE cases SET status = ?2, updated_at = ?3, closed_at = NULL, "
                            + "follow_up_due_at = NULL WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, s).setParameter(3, now).executeUpdate();
            long event = event(em, id, "status-changed", s, actor, now);
            boolean notifies = !em.createNativeQuery("""
                    SELECT 1 FROM cases c JOIN clients cl ON cl.id = c.client_id JOIN regions r ON r.name = cl.region
                     WHERE c.id = ?1 AND ?2 = ANY (string_to_array(upper(replace(coalesce(r.notify_statuses, ''),
                                                                                  ' ', '')), ','))""")
                    .setParameter(1, id).setParameter(2, s).getResultList().isEmpty();
            if (notifies) {
                clients.notify(em, id, "status-changed", "status-changed:" + event, Map.of("newStatus", s));
            } else {
                event(em, id, "notification", "status-changed to " + s + " not sent because the client's region does"
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
                clients.notify(em, id.longValue(), "follow-up", "follow-up:" + id, Map.of());
                em.createNativeQuery("UPDATE cases SET follow_up_done_at = ?2 WHERE id = ?1")
                        .setParameter(1, id.longValue()).setParameter(2, now).executeUpdate();
                event(em, id.longValue(), "follow-up", null, "timer", now);
            }
            return due.size();
        });
        if (sent > 0) {
            LOG.info("Follow-ups sent for {} closed case(s)", sent);
        }
        return sent;
    }

    private static long lockCase(EntityManager em, long number, String newStatus) {
        List<?> rows = em.createNativeQuery("SELECT id, status FROM cases WHERE number = ?1 FOR UPDATE")
                .setParameter(1, number).getResultList();
        if (rows.isEmpty()) {
            throw new NoSuchElementException("case " + number + " does not exist");
        }
        Object[] r = (Object[]) rows.get(0);
        if (newStatus.equals(r[1])) {
            throw new IllegalStateException("case " + number + " is already " + newStatus);
        }
        return ((Number) r[0]).longValue();
    }

    /** Records the event and returns its id, which also keys the notifications it causes. */
    private static long event(EntityManager em, long caseId, String event, String detail, String actor,
                              OffsetDateTime at) {
        return ((Number) em.createNativeQuery("INSERT INTO case_events (case_id, event, detail, actor, at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id")
                .setParameter(1, caseId).setParameter(2, event).setParameter(3, detail).setParameter(4, actor)
                .setParameter(5, at).getSingleResult()).longValue();
    }
}

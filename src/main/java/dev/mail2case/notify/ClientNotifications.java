package dev.mail2case.notify;

import jakarta.persistence.EntityManager;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Client notifications by region. A notification goes out only when the region sends client
 * notifications, the event is active for the region, the client is in that region, the client is
 * opted in, and the client has a valid address. Whichever condition fails is written on the outbox
 * row as "not sent because ...": nothing is skipped silently.
 */
public class ClientNotifications {

    private final Outbox outbox;

    public ClientNotifications(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Writes the client's notification about a case event; returns the outbox row, or empty for no client. */
    @SuppressWarnings("unchecked")
    public Optional<OutboxMail> notify(EntityManager em, long caseId, String event, String eventKey,
                                       Map<String, Object> extra) {
        return notify(em, caseId, event, eventKey, extra, List.of());
    }

    /** As above, with attachments of the case (the report on closing) sent along. */
    @SuppressWarnings("unchecked")
    public Optional<OutboxMail> notify(EntityManager em, long caseId, String event, String eventKey,
                                       Map<String, Object> extra, List<Long> attachmentIds) {
        List<Object[]> rows = em.createNativeQuery("""
                SELECT c.number, c.subject, c.status, c.account, cl.name, cl.email, cl.notify, cl.region,
                       r.name, r.notifications_active, r.events, r.reply_to, r.portal_url, cl.language
                  FROM cases c JOIN clients cl ON cl.id = c.client_id
                  LEFT JOIN regions r ON r.name = cl.region
                 WHERE c.id = ?1""").setParameter(1, caseId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] r = rows.get(0);
        long number = ((Number) r[0]).longValue();
        String clientName = (String) r[4];
        String email = (String) r[5];
        String why = stopReason(event, clientName, email, Boolean.TRUE.equals(r[6]), (String) r[7], (String) r[8],
                Boolean.TRUE.equals(r[9]), (String) r[10]);
        Map<String, Object> model = new HashMap<>(extra);
        model.put("caseNumber", number);
        model.put("caseToken", outbox.caseToken(number));
        model.put("subject", r[1]);
        model.put("status", r[2]);
        model.put("clientName", clientName);
        model.put("portalUrl", r[12] == null ? "" : r[12]);
        // Picks the region's template overrides (Outbox) and is a placeholder too, so never null.
        model.put("region", r[7] == null ? "" : r[7]);
        if (r[13] != null) {
            model.put("language", r[13]);
        }
        String accountAddress = (String) em.createNativeQuery(
                "SELECT sender FROM outbox WHERE case_id = ?1 ORDER BY id LIMIT 1").setParameter(1, caseId)
                .getResultList().stream().findFirst().orElse(null);
        String sender = accountAddress == null ? outbox.defaultSender() : accountAddress;
        model.put("accountAddress", sender);
        String replyTo = r[11] == null ? sender : (String) r[11];
        return Optional.of(outbox.add(em, new Outbox.Notice(event, eventKey, caseId, number, (String) r[3],
                email == null ? "(no address: " + clientName + ")" : email, sender, replyTo, "auto-generated",
                null, List.of(), model, attachmentIds), why));
    }

    /** The first of the region's conditions that stops the notification, or null when all hold. */
    static String stopReason(String event, String client, String email, boolean optedIn, String clientRegion,
                             String region, boolean regionActive, String regionEvents) {
        if (clientRegion == null || clientRegion.isBlank()) {
            return "client " + client + " has no region";
        }
        if (region == null) {
            return "client " + client + "'s region " + clientRegion + " has no client notification set-up";
        }
        if (!regionActive) {
            return "region " + region + " does not send client notifications";
        }
        List<String> events = regionEvents == null ? List.of()
                : Arrays.stream(regionEvents.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
        if (!events.contains(event)) {
            return "the " + event + " notification is not active for region " + region;
        }
        if (!optedIn) {
            return "client " + client + " is not opted in to notifications";
        }
        if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return "client " + client + " has no valid mail address";
        }
        return null;
    }
}

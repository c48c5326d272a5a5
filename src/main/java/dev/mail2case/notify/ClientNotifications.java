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
    private final NoticeRepository notices = new NoticeRepository();
    private final OutboxRepository outboxRows = new OutboxRepository();

    public ClientNotifications(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Writes the client's notification about a case event; returns the outbox row, or empty for no client. */
    public Optional<OutboxMail> notify(EntityManager em, long caseId, String event, String eventKey,
                                       Map<String, Object> extra) {
        return notify(em, caseId, event, eventKey, extra, List.of());
    }

    /** As above, with attachments of the case (the report on closing) sent along. */
    public Optional<OutboxMail> notify(EntityManager em, long caseId, String event, String eventKey,
                                       Map<String, Object> extra, List<Long> attachmentIds) {
        Optional<NoticeRepository.ClientCase> found = notices.clientCase(em, caseId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        NoticeRepository.ClientCase r = found.get();
        long number = r.number();
        String clientName = r.clientName();
        String email = r.clientEmail();
        String why = stopReason(event, clientName, email, r.clientNotified(), r.clientRegion(), r.region(),
                r.regionActive(), r.regionEvents());
        Map<String, Object> model = new HashMap<>(extra);
        model.put("caseNumber", number);
        model.put("caseToken", outbox.caseToken(number));
        model.put("subject", r.subject());
        model.put("status", r.status());
        model.put("clientName", clientName);
        model.put("portalUrl", r.portalUrl() == null ? "" : r.portalUrl());
        // Picks the region's template overrides (Outbox) and is a placeholder too, so never null.
        model.put("region", r.clientRegion() == null ? "" : r.clientRegion());
        if (r.clientLanguage() != null) {
            model.put("language", r.clientLanguage());
        }
        String sender = outboxRows.firstSender(em, caseId).orElse(outbox.defaultSender());
        model.put("accountAddress", sender);
        String replyTo = r.regionReplyTo() == null ? sender : r.regionReplyTo();
        return Optional.of(outbox.add(em, new Outbox.Notice(event, eventKey, caseId, number, r.account(),
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

package dev.mail2case.notify;

import jakarta.persistence.EntityManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Auto-mail to the people who work a case (seed 003). The resource that holds the case at the moment
 * of the event hears of it: the assignee when there is one, else the resource's own address. The
 * acting dispatcher hears of it when the case has one with an address; otherwise every dispatcher,
 * or the configured list. One person in both roles gets the event once. A notification that cannot
 * go anywhere is still written, as not sent and why.
 */
public class StaffNotifications {

    private final Outbox outbox;
    private final List<String> dispatcherList;
    private final Set<String> dispatcherEvents;
    private final String serverUrl;
    private final NoticeRepository notices = new NoticeRepository();
    private final OutboxRepository outboxRows = new OutboxRepository();

    /**
     * @param dispatcherList   addresses that stand for "all dispatchers" when set
     * @param dispatcherEvents the events dispatchers hear of
     * @param serverUrl        base of the case links in templates, or empty
     */
    public StaffNotifications(Outbox outbox, List<String> dispatcherList, Set<String> dispatcherEvents,
                              String serverUrl) {
        this.outbox = outbox;
        this.dispatcherList = dispatcherList;
        this.dispatcherEvents = dispatcherEvents;
        this.serverUrl = serverUrl == null ? "" : serverUrl.replaceAll("/+$", "");
    }

    /** A recipient with the role that reached them and the language they read, when known. */
    record Recipient(String address, String name, String role, String language) {
    }

    /**
     * Writes the event's mail to the case's resource and dispatchers, keyed by the case event so a
     * timer firing twice sends nothing twice. Returns the addresses written to.
     */
    public List<String> notify(EntityManager em, long caseId, String event, long caseEventId,
                               Map<String, Object> extra) {
        return notify(em, caseId, event, caseEventId, extra, true);
    }

    /**
     * A new request by mail reaches the dispatchers when they take {@code new-request} (the seed's one
     * exception to "resources first"); the assignee already has the case-assigned notice.
     */
    public List<String> newRequest(EntityManager em, long caseId) {
        return dispatcherEvents.contains("new-request")
                ? notify(em, caseId, "new-request", caseId, Map.of(), false) : List.of();
    }

    private List<String> notify(EntityManager em, long caseId, String event, long caseEventId,
                                Map<String, Object> extra, boolean toResource) {
        NoticeRepository.StaffCase c = notices.staffCase(em, caseId);
        long number = c.number();
        String account = c.account();
        String resource = c.queue();
        String resourceEmail = c.resourceEmail();
        String sender = resourceEmail != null ? quoted(c.resourceName(), resourceEmail)
                : outboxRows.firstSender(em, caseId).orElse(outbox.defaultSender());

        Map<String, Object> model = new HashMap<>(extra);
        model.put("caseNumber", number);
        model.put("caseToken", outbox.caseToken(number));
        model.put("caseUrl", serverUrl.isEmpty() ? "" : serverUrl + "/cases/" + number);
        model.put("subject", c.subject());
        model.put("status", c.status());
        model.put("resource", resource == null ? "" : resource);
        model.put("assigneeName", c.assigneeName() == null ? "" : c.assigneeName());
        model.put("clientName", c.clientName() == null ? "" : c.clientName());
        model.put("senderAddress", c.senderAddress() == null ? "" : c.senderAddress());
        model.put("senderName", c.senderName());
        model.put("deadline", c.deadline() == null ? "" : c.deadline().toString());

        Map<String, Recipient> recipients = new LinkedHashMap<>();
        List<String[]> unreachable = new ArrayList<>();
        String assignee = c.assigneeEmail();
        if (toResource && assignee != null) {
            recipients.put(key(assignee), new Recipient(assignee, c.assigneeName(), "resource", c.assigneeLanguage()));
        } else if (toResource && resourceEmail != null) {
            recipients.put(key(resourceEmail), new Recipient(resourceEmail, c.resourceName(), "resource", null));
        } else if (toResource) {
            unreachable.add(new String[]{"resource", resource == null
                    ? "the case is held by no resource" : "resource " + resource + " has no address"});
        }
        if (dispatcherEvents.contains(event)) {
            List<Recipient> dispatchers = dispatchers(em, c.dispatcherEmail(), c.dispatcherName(),
                    c.dispatcherLanguage());
            if (dispatchers.isEmpty()) {
                unreachable.add(new String[]{"dispatchers", "no dispatcher has an address"});
            }
            for (Recipient d : dispatchers) {
                // an assignee who is also a dispatcher already has the case-assigned notice of this request
                if (toResource || assignee == null || !key(d.address()).equals(key(assignee))) {
                    recipients.putIfAbsent(key(d.address()), d);
                }
            }
        }

        List<String> written = new ArrayList<>();
        for (Recipient r : recipients.values()) {
            Map<String, Object> m = new HashMap<>(model);
            m.put("recipientName", r.name() == null ? r.address() : r.name());
            m.put("role", r.role());
            // staff read their notices in their own language; the client's does not carry over
            m.remove("language");
            if (r.language() != null) m.put("language", r.language());
            outbox.add(em, new Outbox.Notice(event, event + ":" + caseEventId + ":" + key(r.address()), caseId, number,
                    account, r.address(), sender, sender, "auto-generated", null, List.of(), m, List.of()));
            written.add(r.address());
        }
        for (String[] u : unreachable) {
            Map<String, Object> m = new HashMap<>(model);
            m.put("recipientName", u[0]);
            m.put("role", u[0]);
            outbox.add(em, new Outbox.Notice(event, event + ":" + caseEventId + ":(" + u[0] + ")", caseId, number,
                    account, "(no address: " + u[0] + ")", sender, sender, "auto-generated", null, List.of(), m,
                    List.of()), u[1]);
        }
        return written;
    }

    /** The acting dispatcher with an address, else the configured list, else every dispatcher. */
    private List<Recipient> dispatchers(EntityManager em, String actingEmail, String actingName, String actingLanguage) {
        if (actingEmail != null) {
            return List.of(new Recipient(actingEmail, actingName, "dispatcher", actingLanguage));
        }
        if (!dispatcherList.isEmpty()) {
            return dispatcherList.stream().map(a -> new Recipient(a, a, "dispatcher", null)).toList();
        }
        return notices.dispatchers(em).stream()
                .map(p -> new Recipient(p.email(), p.name(), "dispatcher", p.language())).toList();
    }

    private static String quoted(String name, String address) {
        try {
            return new jakarta.mail.internet.InternetAddress(address, name, "UTF-8").toString();
        } catch (java.io.UnsupportedEncodingException e) {
            return address;
        }
    }

    private static String key(String address) {
        return address.trim().toLowerCase(Locale.ROOT);
    }
}

package dev.mail2case.notify;

import dev.mail2case.config.Times;
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
        Object[] c = (Object[]) em.createNativeQuery("""
                SELECT c.number, c.subject, c.status, c.account, c.queue, a.email, coalesce(a.name, a.email),
                       r.email, coalesce(r.display_name, r.name), cl.name, c.sender_address,
                       coalesce(c.sender_name, c.sender_address, ''), c.deadline_at, d.email, coalesce(d.name, d.email),
                       a.language, d.language
                  FROM cases c
                  LEFT JOIN contacts a ON a.id = c.assignee_id
                  LEFT JOIN resources r ON r.name = c.queue
                  LEFT JOIN clients cl ON cl.id = c.client_id
                  LEFT JOIN contacts d ON d.id = c.dispatcher_id
                 WHERE c.id = ?1""").setParameter(1, caseId).getSingleResult();
        long number = ((Number) c[0]).longValue();
        String account = (String) c[3];
        String resource = (String) c[4];
        String resourceEmail = (String) c[7];
        String sender = resourceEmail != null ? quoted((String) c[8], resourceEmail) : defaultSender(em, caseId);

        Map<String, Object> model = new HashMap<>(extra);
        model.put("caseNumber", number);
        model.put("caseToken", outbox.caseToken(number));
        model.put("caseUrl", serverUrl.isEmpty() ? "" : serverUrl + "/cases/" + number);
        model.put("subject", c[1]);
        model.put("status", c[2]);
        model.put("resource", resource == null ? "" : resource);
        model.put("assigneeName", c[6] == null ? "" : c[6]);
        model.put("clientName", c[9] == null ? "" : c[9]);
        model.put("senderAddress", c[10] == null ? "" : c[10]);
        model.put("senderName", c[11]);
        model.put("deadline", c[12] == null ? "" : Times.of(c[12]).toString());

        Map<String, Recipient> recipients = new LinkedHashMap<>();
        List<String[]> unreachable = new ArrayList<>();
        if (toResource && c[5] != null) {
            recipients.put(key((String) c[5]), new Recipient((String) c[5], (String) c[6], "resource", (String) c[15]));
        } else if (toResource && resourceEmail != null) {
            recipients.put(key(resourceEmail), new Recipient(resourceEmail, (String) c[8], "resource", null));
        } else if (toResource) {
            unreachable.add(new String[]{"resource", resource == null
                    ? "the case is held by no resource" : "resource " + resource + " has no address"});
        }
        if (dispatcherEvents.contains(event)) {
            List<Recipient> dispatchers = dispatchers(em, (String) c[13], (String) c[14], (String) c[16]);
            if (dispatchers.isEmpty()) {
                unreachable.add(new String[]{"dispatchers", "no dispatcher has an address"});
            }
            for (Recipient d : dispatchers) {
                // an assignee who is also a dispatcher already has the case-assigned notice of this request
                if (toResource || c[5] == null || !key(d.address()).equals(key((String) c[5]))) {
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
    @SuppressWarnings("unchecked")
    private List<Recipient> dispatchers(EntityManager em, String actingEmail, String actingName, String actingLanguage) {
        if (actingEmail != null) {
            return List.of(new Recipient(actingEmail, actingName, "dispatcher", actingLanguage));
        }
        if (!dispatcherList.isEmpty()) {
            return dispatcherList.stream().map(a -> new Recipient(a, a, "dispatcher", null)).toList();
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT email, coalesce(name, email), language FROM contacts
                 WHERE dispatcher AND kind = 'EMPLOYEE' AND email IS NOT NULL ORDER BY email""").getResultList();
        return rows.stream().map(r -> new Recipient((String) r[0], (String) r[1], "dispatcher", (String) r[2])).toList();
    }

    /** The address of the account the case came in on, so there is always a sender. */
    private String defaultSender(EntityManager em, long caseId) {
        List<?> rows = em.createNativeQuery("SELECT sender FROM outbox WHERE case_id = ?1 ORDER BY id LIMIT 1")
                .setParameter(1, caseId).getResultList();
        return rows.isEmpty() ? outbox.defaultSender() : (String) rows.get(0);
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

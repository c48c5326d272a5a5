package dev.mail2case.notify;

import dev.mail2case.cases.CaseNotices;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mail a case's events cause: the sender's acknowledgement, the note on parts left out for their
 * size, the assignee's notice, the client's and the dispatchers' notices, the failure mail to a refused
 * sender, and the report on closing. All are outbox rows written in the caller's transaction.
 */
public class CaseMailNotices implements CaseNotices {

    private final Outbox outbox;
    private final ClientNotifications clients;
    private final StaffNotifications staff;
    private final CaseReport report;
    private final NoticeRepository notices = new NoticeRepository();

    public CaseMailNotices(Outbox outbox, ClientNotifications clients, StaffNotifications staff, CaseReport report) {
        this.outbox = outbox;
        this.clients = clients;
        this.staff = staff;
        this.report = report;
    }

    @Override
    public void caseOpened(EntityManager em, CaseOpened c) {
        acknowledge(em, c);
        oversized(em, c);
        toAssignee(em, c);
        if (c.clientId() != null) {
            // the client's own desk hears of a new work order when its region sends case-opened
            clients.notify(em, c.caseId(), "case-opened", "case-opened:" + c.caseId(), Map.of());
        }
        staff.newRequest(em, c.caseId());
    }

    @Override
    public void toClient(EntityManager em, long caseId, String event, String eventKey, Map<String, Object> extra,
                         List<Long> attachmentIds) {
        clients.notify(em, caseId, event, eventKey, extra, attachmentIds);
    }

    @Override
    public void toStaff(EntityManager em, long caseId, String event, long caseEventId, Map<String, Object> extra) {
        staff.notify(em, caseId, event, caseEventId, extra);
    }

    @Override
    public long attachReport(EntityManager em, long caseId, OffsetDateTime at) {
        return report.attach(em, caseId, at);
    }

    private void acknowledge(EntityManager em, CaseOpened c) {
        MailAddress from = c.from();
        if (from == null || from.address() == null || from.address().isBlank()) {
            return;
        }
        AccountSettings account = c.account();
        InboundMail mail = c.mail();
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", c.number());
        model.put("caseToken", outbox.caseToken(c.number()));
        model.put("subject", c.subject());
        model.put("senderName", displayName(from));
        model.put("unregistered", c.unregistered());
        model.put("senderAddress", from.address());
        model.put("accountAddress", account.address());
        model.put("attachmentCount", mail.attachments().size());
        model.putAll(audience(em, c.contactId(), c.clientId(), mail));
        outbox.add(em, new Outbox.Notice("acknowledgement", "acknowledgement:" + c.caseId() + ":" + from.normalized(),
                c.caseId(), c.number(), account.id(), from.address(), account.address(), account.address(),
                "auto-replied", mail.messageId(), references(mail), model, List.of()), c.noAutoReply());
    }

    /** Parts left out for their size are named to the sender, so nothing is dropped silently. */
    private void oversized(EntityManager em, CaseOpened c) {
        MailAddress from = c.from();
        InboundMail mail = c.mail();
        if (!mail.truncated() || from == null || from.address() == null) {
            return;
        }
        List<Map<String, Object>> parts = new ArrayList<>();
        for (InboundMail.OversizedPart p : mail.oversizedParts()) {
            parts.add(Map.of("filename", p.filename() == null ? "(unnamed)" : p.filename(),
                    "size", p.size(), "limit", p.limit()));
        }
        AccountSettings account = c.account();
        Map<String, Object> model = new HashMap<>();
        model.put("caseToken", outbox.caseToken(c.number()));
        model.put("subject", c.subject());
        model.put("senderName", displayName(from));
        model.put("parts", parts);
        model.put("accountAddress", account.address());
        outbox.add(em, new Outbox.Notice("oversized", "oversized:" + c.caseId(), c.caseId(), c.number(), account.id(),
                from.address(), account.address(), account.address(), "auto-replied", mail.messageId(),
                references(mail), model, List.of()), c.noAutoReply());
    }

    /** The assignee hears of the new case, with its attachments. */
    private void toAssignee(EntityManager em, CaseOpened c) {
        if (c.assigneeId() == null) {
            return;
        }
        NoticeRepository.Person assignee = notices.person(em, c.assigneeId()).orElseThrow();
        AccountSettings account = c.account();
        InboundMail mail = c.mail();
        MailAddress from = c.from();
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", c.number());
        model.put("caseToken", outbox.caseToken(c.number()));
        model.put("subject", c.subject());
        model.put("assigneeName", assignee.name());
        model.put("senderName", displayName(from));
        model.put("senderAddress", from == null ? "" : from.address());
        model.put("body", mail.text());
        model.put("assignment", c.assignment() == null ? "" : c.assignment());
        model.put("senderFlag", c.senderFlag() == null ? "" : c.senderFlag());
        model.put("attachmentCount", c.attachmentIds().size());
        model.put("accountAddress", account.address());
        // the assignee reads it in their own language when one is set; the sender's does not matter here
        if (assignee.language() != null) model.put("language", assignee.language());
        outbox.add(em, new Outbox.Notice("case-assigned", "case-assigned:" + c.caseId() + ":" + c.assigneeId(),
                c.caseId(), c.number(), account.id(), assignee.email(), account.address(), account.address(),
                "auto-generated", mail.messageId(), references(mail), model, c.attachmentIds()));
    }

    /**
     * The assignee hears of a reply; so does the employee who opened the case (internal sources stay
     * on later communication). A client who opened it is not copied: external sources get only what
     * is addressed to them.
     */
    @Override
    public void replyAdded(EntityManager em, ReplyAdded r) {
        var c = r.kase();
        if (c.assigneeId() == null && c.contactId() == null) {
            return;
        }
        InboundMail mail = r.mail();
        AccountSettings account = r.account();
        for (NoticeRepository.Person person : notices.replyReaders(em, c.assigneeId(), c.contactId())) {
            String email = person.email();
            if (mail.from() != null && mail.from().normalized().equalsIgnoreCase(email)) {
                continue;
            }
            Map<String, Object> model = new HashMap<>();
            model.put("caseNumber", c.number());
            model.put("caseToken", outbox.caseToken(c.number()));
            model.put("subject", c.subject());
            model.put("assigneeName", person.name());
            model.put("senderName", displayName(mail.from()));
            model.put("senderAddress", mail.from() == null ? "" : mail.from().address());
            model.put("body", r.text());
            model.put("status", c.status());
            model.put("nonParticipant", r.nonParticipant());
            model.put("senderFlag", r.senderFlag() == null ? "" : r.senderFlag());
            model.put("attachmentCount", r.attachmentIds().size());
            model.put("accountAddress", account.address());
            outbox.add(em, new Outbox.Notice("reply-received", "reply-received:" + r.inboundMailId() + ":" + person.id(),
                    c.id(), c.number(), account.id(), email, account.address(), account.address(), "auto-generated",
                    mail.messageId(), appended(mail.references(), mail.messageId()), model, r.attachmentIds()));
        }
    }

    /** No case: the sender is told why. */
    @Override
    public void mailRefused(EntityManager em, MailRefused r) {
        MailAddress from = r.from();
        if (from == null || from.address() == null) {
            return;
        }
        InboundMail mail = r.mail();
        AccountSettings account = r.account();
        Map<String, Object> model = new HashMap<>();
        model.put("subject", mail.subject().isBlank() ? "(no subject)" : mail.subject());
        model.put("senderName", displayName(from));
        model.put("reason", r.reason());
        model.put("accountAddress", account.address());
        outbox.add(em, new Outbox.Notice("rejection", "rejection:" + r.inboundMailId(), null, 0, account.id(),
                from.address(), account.address(), account.address(), "auto-replied",
                mail.messageId(), references(mail), model, List.of()), r.noAutoReply());
    }

    /**
     * The sender's region and language, which pick the templates' overrides: the contact's language,
     * else the client's, else the language the mail declares it is written in.
     */
    private Map<String, Object> audience(EntityManager em, Long contactId, Long clientId, InboundMail mail) {
        Map<String, Object> out = new HashMap<>();
        NoticeRepository.Audience r = contactId != null || clientId != null ? notices.audience(em, contactId, clientId)
                : new NoticeRepository.Audience(null, null, null);
        String declared = mail.header("Content-Language");
        String language = r.contactLanguage() != null ? r.contactLanguage()
                : r.clientLanguage() != null ? r.clientLanguage()
                : declared == null ? null : declared.split(",")[0].trim().toLowerCase(Locale.ROOT);
        if (language != null && language.matches("[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
            out.put("language", language);
        }
        if (r.region() != null) {
            out.put("region", r.region());
        }
        return out;
    }

    private static List<String> references(InboundMail mail) {
        return mail.messageId() == null ? List.of() : List.of(mail.messageId());
    }

    private static List<String> appended(List<String> refs, String id) {
        List<String> out = new ArrayList<>(refs);
        if (id != null && !out.contains(id)) {
            out.add(id);
        }
        return out;
    }

    private static String displayName(MailAddress from) {
        if (from == null) {
            return "";
        }
        return from.name() == null || from.name().isBlank() ? from.address() : from.name();
    }
}

package dev.mail2case.cases;

import dev.mail2case.Pipeline;
import dev.mail2case.logging.MailMdc;
import dev.mail2case.assign.Assignment;
import dev.mail2case.assign.Sender;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.identify.ForwardedMail;
import dev.mail2case.intake.MailClaim;
import dev.mail2case.mail.MailAttachment;
import dev.mail2case.notify.Blocks;
import dev.mail2case.notify.Outbox;
import dev.mail2case.thread.Threader;
import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Owns the one transaction per inbound mail: the intake record with the raw mail, the case, its first
 * comment and attachments, and the acknowledgement in the outbox. The mail server is told only after
 * this commits.
 */
public class CaseService {
    private static final Logger LOG = LoggerFactory.getLogger(CaseService.class);

    private final Database database;
    private final Outbox outbox;
    private final Map<String, AccountSettings> accounts;
    private final Blocks blocks;
    private final java.util.function.Function<InboundMail, String> replyText;
    private final dev.mail2case.notify.ClientNotifications clients;
    private final dev.mail2case.notify.StaffNotifications staff;
    private final int floodLimit;
    private final java.time.Duration floodWindow;
    private final java.time.Duration floodBlock;

    /**
     * @param replyText  the comment text of a reply (its quoted history left out)
     * @param floodLimit more mails than this on one case within {@code floodWindow} block its automatic
     *                   mail for {@code floodBlock}
     */
    public CaseService(Database database, Outbox outbox, Map<String, AccountSettings> accounts, Blocks blocks,
                       java.util.function.Function<InboundMail, String> replyText, int floodLimit,
                       java.time.Duration floodWindow, java.time.Duration floodBlock,
                       dev.mail2case.notify.ClientNotifications clients,
                       dev.mail2case.notify.StaffNotifications staff) {
        this.clients = clients;
        this.staff = staff;
        this.database = database;
        this.outbox = outbox;
        this.accounts = accounts;
        this.blocks = blocks;
        this.replyText = replyText;
        this.floodLimit = floodLimit;
        this.floodWindow = floodWindow;
        this.floodBlock = floodBlock;
    }

    /** Result of recording one mail. */
    public record Recorded(long caseId, long caseNumber) {
    }

    /** Route entry point: records the mail on the exchange and sets {@link Pipeline#CASE_NUMBER}. */
    public void record(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        if (account == null) {
            throw new IllegalStateException("Mail arrived for unknown account '"
                    + exchange.getProperty(Pipeline.ACCOUNT, String.class) + "'");
        }
        String mailbox = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        Assignment assignment = exchange.getProperty(Pipeline.ASSIGNMENT, Assignment.class);
        Sender sender = exchange.getProperty(Pipeline.CONTACT, Sender.class);
        boolean unregistered = exchange.getProperty(Pipeline.OUTCOME) == dev.mail2case.Outcome.NEW_CASE_UNREGISTERED;
        Threader.Decision thread = exchange.getProperty(Pipeline.THREAD, Threader.Decision.class);
        InboundMail inbound = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        Recorded recorded = openCase(account, mailbox, exchange.getProperty(Pipeline.KEY, String.class),
                exchange.getProperty(Pipeline.RAW, byte[].class), inbound, ForwardedMail.sender(exchange, inbound),
                sender, assignment, unregistered, exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class),
                thread == null ? null : thread.linkTo(), thread == null ? null : thread.unknownReference());
        exchange.setProperty(Pipeline.CASE_NUMBER, recorded.caseNumber());
    }

    /**
     * The mail joins its case: the raw mail, the message, its text as a comment (quoted history left
     * out; the full text stays on the message), its attachments; a reopen when threading said so; and
     * the assignee hears of it. A case that draws a flood of mail gets its automatic mail blocked.
     */
    public void addReply(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        String mailbox = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        Threader.Decision thread = exchange.getProperty(Pipeline.THREAD, Threader.Decision.class);
        String key = exchange.getProperty(Pipeline.KEY, String.class);
        String automatic = exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class);
        long recent = database.inTransaction(em -> {
            MailClaim.claim(em, mailbox, key);
            OffsetDateTime now = OffsetDateTime.now();
            InboundMailRecord inbound = intakeRecord(mailbox, key, exchange.getProperty(Pipeline.RAW, byte[].class),
                    mail, now, "REPLY_ADDED");
            inbound.outcomeDetail = "case " + thread.caseNumber() + " by " + thread.how();
            em.persist(inbound);
            CaseFile c = em.find(CaseFile.class, thread.caseId());
            CaseMessage message = new CaseMessage();
            message.caseId = c.id;
            message.inboundMailId = inbound.id;
            message.direction = "IN";
            message.messageId = truncate(mail.messageId(), 998);
            message.fromAddress = mail.from() == null ? null : truncate(mail.from().address(), 998);
            message.subject = mail.subject();
            message.bodyText = mail.text();
            message.bodyHtml = mail.html();
            message.nonParticipant = thread.nonParticipant();
            message.automatic = truncate(automatic, 200);
            message.createdAt = now;
            em.persist(message);
            em.flush();
            CaseComment comment = new CaseComment();
            comment.caseId = c.id;
            comment.caseMessageId = message.id;
            comment.author = message.fromAddress;
            comment.body = replyText.apply(mail);
            comment.nonParticipant = thread.nonParticipant();
            comment.createdAt = now;
            em.persist(comment);
            List<Long> attachmentIds = storeAttachments(em, c.id, message.id, mail);
            if (thread.reopen()) {
                c.status = CaseFile.Status.OPEN.name();
                c.closedAt = null;
                c.followUpDueAt = null;
            }
            c.updatedAt = now;
            if (automatic == null) {
                noticeOfReply(em, account, c, mail, comment.body, attachmentIds, inbound.id);
            }
            clearFailures(em, mailbox, key);
            return ((Number) em.createNativeQuery(
                    "SELECT count(*) FROM case_messages WHERE case_id = ?1 AND created_at > ?2")
                    .setParameter(1, c.id).setParameter(2, now.minus(floodWindow)).getSingleResult()).longValue();
        });
        exchange.setProperty(Pipeline.CASE_NUMBER, thread.caseNumber());
        MailMdc.caseNumber(thread.caseNumber());
        LOG.info("Mail {} from {} joined case {} by {}", key,
                mail.from() == null ? "(no sender)" : mail.from().address(), outbox.caseToken(thread.caseNumber()),
                thread.how());
        if (recent > floodLimit) {
            blocks.blockCase(thread.caseId(), "flood", recent + " mails within " + floodWindow.toHours() + " hours",
                    floodBlock);
        }
    }

    /**
     * The assignee hears of a reply; so does the employee who opened the case (internal sources stay
     * on later communication). A client who opened it is not copied: external sources get only what
     * is addressed to them.
     */
    @SuppressWarnings("unchecked")
    private void noticeOfReply(EntityManager em, AccountSettings account, CaseFile c, InboundMail mail, String text,
                               List<Long> attachmentIds, long inboundId) {
        List<Object[]> people = em.createNativeQuery("""
                SELECT p.id, p.email, coalesce(p.name, p.email) FROM contacts p
                 WHERE p.id = ?1 OR (p.id = ?2 AND p.kind = 'EMPLOYEE')""")
                .setParameter(1, c.assigneeId == null ? -1 : c.assigneeId)
                .setParameter(2, c.contactId == null ? -1 : c.contactId).getResultList();
        for (Object[] person : people) {
            String email = (String) person[1];
            if (mail.from() != null && mail.from().normalized().equalsIgnoreCase(email)) {
                continue;
            }
            Map<String, Object> model = new HashMap<>();
            model.put("caseNumber", c.number);
            model.put("caseToken", outbox.caseToken(c.number));
            model.put("subject", c.subject);
            model.put("assigneeName", person[2]);
            model.put("senderName", displayName(mail.from()));
            model.put("senderAddress", mail.from() == null ? "" : mail.from().address());
            model.put("body", text);
            model.put("status", c.status);
            model.put("attachmentCount", attachmentIds.size());
            model.put("accountAddress", account.address());
            outbox.add(em, new Outbox.Notice("reply-received", "reply-received:" + inboundId + ":" + person[0], c.id,
                    c.number, account.id(), email, account.address(), account.address(), "auto-generated",
                    mail.messageId(), appended(mail.references(), mail.messageId()), model, attachmentIds));
        }
    }

    private static List<String> appended(List<String> refs, String id) {
        List<String> out = new java.util.ArrayList<>(refs);
        if (id != null && !out.contains(id)) {
            out.add(id);
        }
        return out;
    }

    /** No case: the mail is kept with the reason, and the sender is told why. */
    public void reject(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        String mailbox = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        String reason = exchange.getProperty(Pipeline.REFUSAL, String.class);
        String key = exchange.getProperty(Pipeline.KEY, String.class);
        database.inTransaction(em -> {
            MailClaim.claim(em, mailbox, key);
            InboundMailRecord inbound = intakeRecord(mailbox, key, exchange.getProperty(Pipeline.RAW, byte[].class),
                    mail, OffsetDateTime.now(), "REJECTED");
            inbound.outcomeDetail = reason;
            em.persist(inbound);
            em.flush();
            MailAddress from = ForwardedMail.sender(exchange, mail);
            if (from != null && from.address() != null) {
                Map<String, Object> model = new HashMap<>();
                model.put("subject", mail.subject().isBlank() ? "(no subject)" : mail.subject());
                model.put("senderName", displayName(from));
                model.put("reason", reason);
                model.put("accountAddress", account.address());
                outbox.add(em, new Outbox.Notice("rejection", "rejection:" + inbound.id, null, 0, account.id(),
                        from.address(), account.address(), account.address(), "auto-replied",
                        mail.messageId(), mail.messageId() == null ? List.of() : List.of(mail.messageId()), model,
                        List.of()), exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class));
            }
            clearFailures(em, mailbox, key);
            return null;
        });
        LOG.info("Mail {} from {} on account {} opened no case: {}", key,
                mail.from() == null ? "(no sender)" : mail.from().address(), account.id(), reason);
    }

    /** Automatic mail that joins no case: kept with what it is, never a case, never answered. */
    public void recordAutomatic(Exchange exchange) {
        String kind = exchange.getProperty(Pipeline.KIND, String.class);
        keepOnly(exchange, kind.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
                exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class));
    }

    /** Our own mail came back: kept with the reason, never processed as new. */
    public void recordOwnMail(Exchange exchange) {
        keepOnly(exchange, "LOOP", exchange.getProperty(Pipeline.OWN_MAIL, String.class));
    }

    private void keepOnly(Exchange exchange, String outcome, String detail) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        String mailbox = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        String key = exchange.getProperty(Pipeline.KEY, String.class);
        database.inTransaction(em -> {
            MailClaim.claim(em, mailbox, key);
            InboundMailRecord inbound = intakeRecord(mailbox, key, exchange.getProperty(Pipeline.RAW, byte[].class),
                    mail, OffsetDateTime.now(), outcome);
            inbound.outcomeDetail = detail;
            em.persist(inbound);
            clearFailures(em, mailbox, key);
            return null;
        });
        LOG.info("Mail {} on account {} kept without a case ({}): {}", key, account.id(), outcome, detail);
    }

    /** No case and no mail: the mail is only kept, so it can be found later. */
    public void ignore(Exchange exchange) {
        keepOnly(exchange, "IGNORED", "unknown sender; the account ignores unknown senders");
    }

    /**
     * Opens a case for the mail from {@code from} (its original sender when it was forwarded).
     * {@code noAutoReply}, when set, says why the sender must not be answered
     * automatically; the acknowledgement is then recorded as not sent, with that reason.
     */
    public Recorded openCase(AccountSettings account, String mailbox, String key, byte[] raw, InboundMail mail,
                             MailAddress from,
                             Sender sender,
                             Assignment assignment, boolean unregistered, String noAutoReply, Long linkedCaseId,
                             Long unknownReference) {
        Recorded recorded = database.inTransaction(em -> {
            MailClaim.claim(em, mailbox, key);
            OffsetDateTime now = OffsetDateTime.now();
            InboundMailRecord inbound = intakeRecord(mailbox, key, raw, mail, now, "CASE_OPENED");
            em.persist(inbound);

            CaseFile c = new CaseFile();
            c.account = account.id();
            c.subject = mail.subject().isBlank() ? "(no subject)" : mail.subject();
            c.senderAddress = from == null ? null : truncate(from.address(), 998);
            c.senderName = from == null ? null : from.name();
            c.status = CaseFile.Status.OPEN.name();
            c.unregistered = unregistered;
            c.linkedCaseId = linkedCaseId;
            c.unknownReference = unknownReference == null ? null : outbox.caseToken(unknownReference);
            if (sender != null && sender.contactId() > 0) {
                c.contactId = sender.contactId();
            }
            if (assignment != null) {
                c.clientId = assignment.clientId();
                c.jobId = assignment.jobId();
                c.component = assignment.component();
                c.officeId = assignment.officeId();
                c.assigneeId = assignment.assigneeId();
                c.queue = assignment.queue();
                c.assignment = truncate(assignment.explanation(), 4000);
            } else {
                c.queue = Assignment.UNASSIGNED;
            }
            c.createdAt = now;
            c.updatedAt = now;
            em.persist(c);
            em.flush();
            em.refresh(c);

            CaseMessage message = new CaseMessage();
            message.caseId = c.id;
            message.inboundMailId = inbound.id;
            message.direction = "IN";
            message.messageId = truncate(mail.messageId(), 998);
            message.fromAddress = c.senderAddress;
            message.subject = c.subject;
            message.bodyText = mail.text();
            message.bodyHtml = mail.html();
            message.createdAt = now;
            em.persist(message);

            CaseComment comment = new CaseComment();
            comment.caseId = c.id;
            comment.caseMessageId = message.id;
            comment.author = c.senderAddress;
            comment.body = mail.text();
            comment.createdAt = now;
            em.persist(comment);

            List<Long> attachmentIds = storeAttachments(em, c.id, message.id, mail);
            inbound.outcomeDetail = "case " + c.number;

            acknowledge(em, account, c, mail, from, noAutoReply);
            oversizedNotice(em, account, c, mail, from, noAutoReply);
            noticeToAssignee(em, account, c, mail, from, attachmentIds);
            if (c.clientId != null) {
                // the client's own desk hears of a new work order when its region sends case-opened
                clients.notify(em, c.id, "case-opened", "case-opened:" + c.id, Map.of());
            }
            staff.newRequest(em, c.id);
            clearFailures(em, mailbox, key);
            return new Recorded(c.id, c.number);
        });
        MailMdc.caseNumber(recorded.caseNumber());
        LOG.info("Mail {} from {} on account {} opened case {}{} ({})", key,
                from == null ? "(no sender)" : from.address(), account.id(),
                outbox.caseToken(recorded.caseNumber()), unregistered ? " for an unregistered sender" : "",
                assignment == null ? "no assignment" : assignment.explanation());
        return recorded;
    }

    /** The assignee hears of the new case, with its attachments. */
    private void noticeToAssignee(EntityManager em, AccountSettings account, CaseFile c, InboundMail mail,
                                  MailAddress from, List<Long> attachmentIds) {
        if (c.assigneeId == null) {
            return;
        }
        Object[] assignee = (Object[]) em.createNativeQuery(
                        "SELECT email, coalesce(name, email), language FROM contacts WHERE id = ?1")
                .setParameter(1, c.assigneeId).getSingleResult();
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", c.number);
        model.put("caseToken", outbox.caseToken(c.number));
        model.put("subject", c.subject);
        model.put("assigneeName", assignee[1]);
        model.put("senderName", displayName(from));
        model.put("senderAddress", from == null ? "" : from.address());
        model.put("body", mail.text());
        model.put("assignment", c.assignment == null ? "" : c.assignment);
        model.put("attachmentCount", attachmentIds.size());
        model.put("accountAddress", account.address());
        // the assignee reads it in their own language when one is set; the sender's does not matter here
        if (assignee[2] != null) model.put("language", assignee[2]);
        outbox.add(em, new Outbox.Notice("case-assigned", "case-assigned:" + c.id + ":" + c.assigneeId, c.id, c.number,
                account.id(), (String) assignee[0], account.address(), account.address(), "auto-generated",
                mail.messageId(), mail.messageId() == null ? List.of() : List.of(mail.messageId()), model,
                attachmentIds));
    }

    /** Parts left out for their size are named to the sender, so nothing is dropped silently. */
    private void oversizedNotice(EntityManager em, AccountSettings account, CaseFile c, InboundMail mail,
                                 MailAddress from, String noAutoReply) {
        if (!mail.truncated() || from == null || from.address() == null) {
            return;
        }
        List<Map<String, Object>> parts = new java.util.ArrayList<>();
        for (InboundMail.OversizedPart p : mail.oversizedParts()) {
            parts.add(Map.of("filename", p.filename() == null ? "(unnamed)" : p.filename(),
                    "size", p.size(), "limit", p.limit()));
        }
        Map<String, Object> model = new HashMap<>();
        model.put("caseToken", outbox.caseToken(c.number));
        model.put("subject", c.subject);
        model.put("senderName", displayName(from));
        model.put("parts", parts);
        model.put("accountAddress", account.address());
        outbox.add(em, new Outbox.Notice("oversized", "oversized:" + c.id, c.id, c.number, account.id(),
                from.address(), account.address(), account.address(), "auto-replied", mail.messageId(),
                mail.messageId() == null ? List.of() : List.of(mail.messageId()), model, List.of()), noAutoReply);
    }

    private static String displayName(MailAddress from) {
        if (from == null) {
            return "";
        }
        return from.name() == null || from.name().isBlank() ? from.address() : from.name();
    }

    private void acknowledge(EntityManager em, AccountSettings account, CaseFile c, InboundMail mail,
                             MailAddress from, String noAutoReply) {
        if (from == null || from.address() == null || from.address().isBlank()) {
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", c.number);
        model.put("caseToken", outbox.caseToken(c.number));
        model.put("subject", c.subject);
        model.put("senderName", displayName(from));
        model.put("unregistered", c.unregistered);
        model.put("senderAddress", from.address());
        model.put("accountAddress", account.address());
        model.put("attachmentCount", mail.attachments().size());
        model.putAll(audience(em, c, mail));
        List<String> refs = mail.messageId() == null ? List.of() : List.of(mail.messageId());
        outbox.add(em, new Outbox.Notice("acknowledgement", "acknowledgement:" + c.id + ":" + from.normalized(),
                c.id, c.number, account.id(), from.address(), account.address(), account.address(),
                "auto-replied", mail.messageId(), refs, model, List.of()), noAutoReply);
    }

    /**
     * The sender's region and language, which pick the templates' overrides: the contact's language,
     * else the client's, else the language the mail declares it is written in.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> audience(EntityManager em, CaseFile c, InboundMail mail) {
        Map<String, Object> out = new HashMap<>();
        List<Object[]> rows = em.createNativeQuery("""
                SELECT (SELECT language FROM contacts WHERE id = ?1), cl.language, cl.region
                  FROM (SELECT 1) one LEFT JOIN clients cl ON cl.id = ?2""")
                .setParameter(1, c.contactId).setParameter(2, c.clientId).getResultList();
        Object[] r = rows.isEmpty() ? new Object[3] : rows.get(0);
        String declared = mail.header("Content-Language");
        String language = r[0] != null ? (String) r[0] : r[1] != null ? (String) r[1]
                : declared == null ? null : declared.split(",")[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (language != null && language.matches("[a-z]{2,3}(-[a-z0-9]{2,8})*")) {
            out.put("language", language);
        }
        if (r[2] != null) {
            out.put("region", r[2]);
        }
        return out;
    }

    private static InboundMailRecord intakeRecord(String mailbox, String key, byte[] raw, InboundMail mail,
                                                  OffsetDateTime now, String outcome) {
        InboundMailRecord r = new InboundMailRecord();
        r.account = mailbox;
        r.idempotencyKey = key;
        r.messageId = truncate(mail.messageId(), 998);
        r.fromAddress = mail.from() == null ? null : truncate(mail.from().address(), 998);
        r.subject = mail.subject();
        r.receivedAt = now;
        r.outcome = outcome;
        r.defects = mail.defects().isEmpty() ? null : String.join("\n", mail.defects());
        r.raw = raw;
        return r;
    }

    /** Stores every attachment of the mail on the case; returns their ids, for notices that carry them. */
    private static List<Long> storeAttachments(EntityManager em, long caseId, long messageId, InboundMail mail) {
        List<Long> ids = new java.util.ArrayList<>();
        for (MailAttachment a : mail.attachments()) {
            CaseAttachment row = attachment(caseId, messageId, a);
            em.persist(row);
            em.flush();
            ids.add(row.id);
        }
        return ids;
    }

    private static CaseAttachment attachment(long caseId, long messageId, MailAttachment a) {
        CaseAttachment row = new CaseAttachment();
        row.caseId = caseId;
        row.caseMessageId = messageId;
        row.filename = a.filename();
        row.originalFilename = a.originalFilename();
        row.contentType = truncate(a.contentType(), 255);
        row.size = a.size();
        row.contentId = truncate(a.contentId(), 998);
        row.inline = a.inline();
        row.sha256 = a.sha256();
        row.content = a.content();
        return row;
    }

    private static void clearFailures(EntityManager em, String account, String key) {
        em.createNativeQuery("DELETE FROM inbound_failures WHERE account = ?1 AND idempotency_key = ?2")
                .setParameter(1, account).setParameter(2, key).executeUpdate();
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}

package dev.mail2case.cases;

import dev.mail2case.Pipeline;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.mail.MailAttachment;
import dev.mail2case.notify.Outbox;
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

    public CaseService(Database database, Outbox outbox, Map<String, AccountSettings> accounts) {
        this.database = database;
        this.outbox = outbox;
        this.accounts = accounts;
    }

    /** Result of recording one mail. */
    public record Recorded(long caseId, long caseNumber) {
    }

    /** Route entry point: records the mail on the exchange and sets {@link Pipeline#CASE_NUMBER}. */
    public void record(Exchange exchange) {
        String accountId = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        AccountSettings account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalStateException("Mail arrived for unknown account '" + accountId + "'");
        }
        Recorded recorded = openCase(account, exchange.getProperty(Pipeline.KEY, String.class),
                exchange.getProperty(Pipeline.RAW, byte[].class), exchange.getProperty(Pipeline.MAIL, InboundMail.class));
        exchange.setProperty(Pipeline.CASE_NUMBER, recorded.caseNumber());
    }

    public Recorded openCase(AccountSettings account, String key, byte[] raw, InboundMail mail) {
        Recorded recorded = database.inTransaction(em -> {
            OffsetDateTime now = OffsetDateTime.now();
            InboundMailRecord inbound = intakeRecord(account, key, raw, mail, now, "CASE_OPENED");
            em.persist(inbound);

            CaseFile c = new CaseFile();
            c.account = account.id();
            c.subject = truncate(mail.subject().isBlank() ? "(no subject)" : mail.subject(), 998);
            MailAddress from = mail.from();
            c.senderAddress = from == null ? null : truncate(from.address(), 998);
            c.senderName = from == null ? null : truncate(from.name(), 998);
            c.status = CaseFile.Status.OPEN.name();
            c.queue = "Unassigned";
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

            for (MailAttachment a : mail.attachments()) {
                em.persist(attachment(c.id, message.id, a));
            }
            inbound.outcomeDetail = "case " + c.number;

            acknowledge(em, account, c, mail);
            clearFailures(em, account.id(), key);
            return new Recorded(c.id, c.number);
        });
        LOG.info("Mail {} from {} on account {} opened case {}", mail.messageId(),
                mail.from() == null ? "(no sender)" : mail.from().address(), account.id(),
                outbox.caseToken(recorded.caseNumber()));
        return recorded;
    }

    private void acknowledge(EntityManager em, AccountSettings account, CaseFile c, InboundMail mail) {
        if (mail.from() == null || mail.from().address() == null || mail.from().address().isBlank()) {
            return;
        }
        Map<String, Object> model = new HashMap<>();
        model.put("caseNumber", c.number);
        model.put("caseToken", outbox.caseToken(c.number));
        model.put("subject", c.subject);
        model.put("senderName", mail.from().name() == null || mail.from().name().isBlank()
                ? mail.from().address() : mail.from().name());
        model.put("senderAddress", mail.from().address());
        model.put("accountAddress", account.address());
        model.put("attachmentCount", mail.attachments().size());
        List<String> refs = mail.messageId() == null ? List.of() : List.of(mail.messageId());
        outbox.add(em, new Outbox.Notice("acknowledgement", "acknowledgement:" + c.id + ":" + mail.from().normalized(),
                c.id, c.number, account.id(), mail.from().address(), account.address(), account.address(),
                "auto-replied", mail.messageId(), refs, model));
    }

    private static InboundMailRecord intakeRecord(AccountSettings account, String key, byte[] raw, InboundMail mail,
                                                  OffsetDateTime now, String outcome) {
        InboundMailRecord r = new InboundMailRecord();
        r.account = account.id();
        r.idempotencyKey = key;
        r.messageId = truncate(mail.messageId(), 998);
        r.fromAddress = mail.from() == null ? null : truncate(mail.from().address(), 998);
        r.subject = truncate(mail.subject(), 998);
        r.receivedAt = now;
        r.outcome = outcome;
        r.defects = mail.defects().isEmpty() ? null : String.join("\n", mail.defects());
        r.raw = raw;
        return r;
    }

    private static CaseAttachment attachment(long caseId, long messageId, MailAttachment a) {
        CaseAttachment row = new CaseAttachment();
        row.caseId = caseId;
        row.caseMessageId = messageId;
        row.filename = truncate(a.filename(), 400);
        row.originalFilename = truncate(a.originalFilename(), 998);
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

package dev.mail2case.cases;

import dev.mail2case.assign.Assignment;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.identify.Sender;
import dev.mail2case.logging.MailMdc;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Opens a case for a mail, in one transaction: the intake record with the raw mail, the case, its
 * first message and comment, its attachments, and the notices it causes. The mail server is told only
 * after this commits.
 */
public class NewCases {
    private static final Logger LOG = LoggerFactory.getLogger(NewCases.class);

    /** A mail that opens a case, and what the stages before decided about it. */
    public record Request(AccountSettings account, String mailbox, String key, byte[] raw, InboundMail mail,
                          MailAddress from, Sender sender, Assignment assignment, boolean unregistered,
                          String noAutoReply, Long linkedCaseId, Long unknownReference, String senderFlag) {
    }

    /** Result of recording one mail. */
    public record Recorded(long caseId, long caseNumber) {
    }

    private final Database database;
    private final InboundMailRepository inbound;
    private final CaseRepository cases;
    private final CaseNotices notices;
    private final LongFunction<String> caseToken;

    public NewCases(Database database, InboundMailRepository inbound, CaseRepository cases, CaseNotices notices,
                    LongFunction<String> caseToken) {
        this.database = database;
        this.inbound = inbound;
        this.cases = cases;
        this.notices = notices;
        this.caseToken = caseToken;
    }

    public Recorded open(Request r) {
        InboundMail mail = r.mail();
        MailAddress from = r.from();
        Assignment a = r.assignment();
        String subject = mail.subject().isBlank() ? "(no subject)" : mail.subject();
        String senderAddress = from == null ? null : CaseRepository.truncate(from.address(), 998);
        Long contactId = r.sender() != null && r.sender().contactId() > 0 ? r.sender().contactId() : null;
        Recorded recorded = database.inTransaction(em -> {
            inbound.claim(em, r.mailbox(), r.key());
            OffsetDateTime now = OffsetDateTime.now();
            CaseRepository.Opened c = cases.insertCase(em, new CaseRepository.NewCase(r.account().id(), subject,
                    senderAddress, from == null ? null : from.name(), r.unregistered(), contactId,
                    a == null ? null : a.clientId(), a == null ? null : a.jobId(), a == null ? null : a.component(),
                    a == null ? null : a.officeId(), a == null ? null : a.assigneeId(),
                    a == null ? Assignment.UNASSIGNED : a.queue(),
                    a == null ? null : CaseRepository.truncate(a.explanation(), 4000), r.linkedCaseId(),
                    r.unknownReference() == null ? null : caseToken.apply(r.unknownReference()), now));
            long inboundId = inbound.insert(em, new InboundMailRepository.NewInbound(r.mailbox(), r.key(), r.raw(),
                    mail, now, "CASE_OPENED", "case " + c.number()));
            long messageId = cases.insertMessage(em, new CaseRepository.NewMessage(c.id(), inboundId,
                    CaseRepository.truncate(mail.messageId(), 998), senderAddress, subject, mail.text(), mail.html(),
                    false, null, mail.text(), now, CaseRepository.recipients(mail)));
            List<Long> attachmentIds = cases.insertAttachments(em, c.id(), messageId, mail.attachments());
            if (r.senderFlag() != null) {
                cases.recordEvent(em, c.id(), "sender-unverified", r.senderFlag(), "mail2case", now);
            }
            notices.caseOpened(em, new CaseNotices.CaseOpened(r.account(), c.id(), c.number(), subject, from,
                    r.unregistered(), contactId, a == null ? null : a.clientId(), a == null ? null : a.assigneeId(),
                    a == null ? null : CaseRepository.truncate(a.explanation(), 4000), mail, attachmentIds,
                    r.noAutoReply(), r.senderFlag()));
            inbound.clearFailures(em, r.mailbox(), r.key());
            return new Recorded(c.id(), c.number());
        });
        MailMdc.caseNumber(recorded.caseNumber());
        LOG.info("Mail {} from {} on account {} opened case {}{} ({})", r.key(),
                from == null ? "(no sender)" : from.address(), r.account().id(),
                caseToken.apply(recorded.caseNumber()), r.unregistered() ? " for an unregistered sender" : "",
                a == null ? "no assignment" : a.explanation());
        return recorded;
    }
}

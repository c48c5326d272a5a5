package dev.mail2case.cases;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.logging.MailMdc;
import dev.mail2case.mail.InboundMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * A mail joins its case, in one transaction: the raw mail, the message, its text as a comment (quoted
 * history left out; the full text stays on the message), its attachments, a reopen when threading said
 * so, and the notices of the people working the case. A case that draws a flood of mail gets its
 * automatic mail blocked.
 */
public class Replies {
    private static final Logger LOG = LoggerFactory.getLogger(Replies.class);

    /**
     * A mail for case {@code caseId}, found {@code how}; {@code automatic}, when set, says why it is
     * automatic mail (then nobody is told of it).
     */
    public record Request(AccountSettings account, String mailbox, String key, byte[] raw, InboundMail mail,
                          long caseId, long caseNumber, String how, boolean reopen, boolean nonParticipant,
                          String automatic, String senderFlag) {
    }

    private final Database database;
    private final InboundMailRepository inbound;
    private final CaseRepository cases;
    private final CaseNotices notices;
    private final CaseFloodGuard flood;
    private final Function<InboundMail, String> replyText;
    private final LongFunction<String> caseToken;

    /** @param replyText the comment text of a reply (its quoted history left out) */
    public Replies(Database database, InboundMailRepository inbound, CaseRepository cases, CaseNotices notices,
                   CaseFloodGuard flood, Function<InboundMail, String> replyText, LongFunction<String> caseToken) {
        this.database = database;
        this.inbound = inbound;
        this.cases = cases;
        this.notices = notices;
        this.flood = flood;
        this.replyText = replyText;
        this.caseToken = caseToken;
    }

    public void add(Request r) {
        InboundMail mail = r.mail();
        String from = mail.from() == null ? null : CaseRepository.truncate(mail.from().address(), 998);
        long recent = database.inTransaction(em -> {
            inbound.claim(em, r.mailbox(), r.key());
            OffsetDateTime now = OffsetDateTime.now();
            long inboundId = inbound.insert(em, new InboundMailRepository.NewInbound(r.mailbox(), r.key(), r.raw(),
                    mail, now, "REPLY_ADDED", "case " + r.caseNumber() + " by " + r.how()));
            String text = replyText.apply(mail);
            long messageId = cases.insertMessage(em, new CaseRepository.NewMessage(r.caseId(), inboundId,
                    CaseRepository.truncate(mail.messageId(), 998), from, mail.subject(), mail.text(), mail.html(),
                    r.nonParticipant(), CaseRepository.truncate(r.automatic(), 200), text, now,
                    CaseRepository.recipients(mail)));
            List<Long> attachmentIds = cases.insertAttachments(em, r.caseId(), messageId, mail.attachments());
            CaseRepository.Head head = cases.joined(em, r.caseId(), r.reopen(), now);
            if (r.senderFlag() != null) {
                cases.recordEvent(em, r.caseId(), "sender-unverified", r.senderFlag(), "mail2case", now);
            }
            if (r.automatic() == null) {
                notices.replyAdded(em, new CaseNotices.ReplyAdded(r.account(), head, mail, text, attachmentIds,
                        inboundId, r.nonParticipant(), r.senderFlag()));
            }
            inbound.clearFailures(em, r.mailbox(), r.key());
            return flood.weigh(em, r.caseId(), now);
        });
        MailMdc.caseNumber(r.caseNumber());
        LOG.info("Mail {} from {} joined case {} by {}{}", r.key(), from == null ? "(no sender)" : from,
                caseToken.apply(r.caseNumber()), r.how(), r.senderFlag() == null ? "" : "; " + r.senderFlag());
        flood.settle(r.caseId(), recent);
    }
}

package dev.mail2case.cases;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What happened to a case, published inside the transaction that changed it, so the mail it causes
 * commits or rolls back with the change. The cases side says what happened; the notify side decides who
 * hears of it and writes the outbox rows.
 */
public interface CaseNotices {

    /**
     * A mail opened a case. {@code from} is who really wrote (the original sender of a forwarded mail);
     * {@code noAutoReply}, when set, says why the sender must not be answered automatically;
     * {@code senderFlag}, when set, why its From is not verified (shown to the people working the case).
     */
    record CaseOpened(AccountSettings account, long caseId, long number, String subject, MailAddress from,
                      boolean unregistered, Long contactId, Long clientId, Long assigneeId, String assignment,
                      InboundMail mail, List<Long> attachmentIds, String noAutoReply, String senderFlag) {
    }

    /**
     * A mail joined a case; {@code text} is its comment, the quoted history left out;
     * {@code nonParticipant} when its sender is not on the case.
     */
    record ReplyAdded(AccountSettings account, CaseRepository.Head kase, InboundMail mail, String text,
                      List<Long> attachmentIds, long inboundMailId, boolean nonParticipant, String senderFlag) {
    }

    /** A mail opened no case, for {@code reason}; {@code from} is who should hear why. */
    record MailRefused(AccountSettings account, long inboundMailId, InboundMail mail, MailAddress from, String reason,
                       String noAutoReply) {
    }

    void caseOpened(EntityManager em, CaseOpened event);

    /** Called only for mail written by a person: automatic mail joining a case tells nobody. */
    void replyAdded(EntityManager em, ReplyAdded event);

    void mailRefused(EntityManager em, MailRefused event);

    /**
     * An event of the case the client may hear of (accepted, rejected, status changed, closed, follow-up),
     * keyed by {@code eventKey} so it is written once; {@code attachmentIds} are case attachments sent along.
     */
    void toClient(EntityManager em, long caseId, String event, String eventKey, Map<String, Object> extra,
                  List<Long> attachmentIds);

    /** An event the people working the case hear of (forwarded, escalated, deadline passed). */
    void toStaff(EntityManager em, long caseId, String event, long caseEventId, Map<String, Object> extra);

    /** The case's report, stored on the case as the record of its closing; returns its attachment id. */
    long attachReport(EntityManager em, long caseId, OffsetDateTime at);
}

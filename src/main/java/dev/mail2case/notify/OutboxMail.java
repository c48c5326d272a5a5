package dev.mail2case.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A mail to send, rendered when the change that caused it was committed. */
@Entity
@Table(name = "outbox")
public class OutboxMail {
    /**
     * NOT_SENT and BLOCKED rows were refused by the {@link DeliveryGuard}; the reason says why. UNCERTAIN: the
     * server may have taken the mail (its answer after DATA was lost); held for an operator, never resent blindly.
     */
    public enum Status { PENDING, SENDING, SENT, FAILED, NOT_SENT, BLOCKED, UNCERTAIN }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    /** One event and recipient gives one row, however often the event is raised. */
    @Column(name = "event_key")
    String eventKey;
    String event;
    @Column(name = "case_id")
    Long caseId;
    String account;
    String recipient;
    String sender;
    @Column(name = "reply_to")
    String replyTo;
    String subject;
    @Column(name = "body_text")
    String bodyText;
    @Column(name = "body_html")
    String bodyHtml;
    @Column(name = "message_id")
    String messageId;
    @Column(name = "in_reply_to")
    String inReplyTo;
    @Column(name = "references_ids")
    String referencesIds;
    @Column(name = "auto_submitted")
    String autoSubmitted;
    String status;
    int attempts;
    @Column(name = "next_attempt_at")
    OffsetDateTime nextAttemptAt;
    @Column(name = "last_error")
    String lastError;
    @Column(name = "created_at")
    OffsetDateTime createdAt;
    @Column(name = "not_sent_reason")
    String notSentReason;
    @Column(name = "sent_at")
    OffsetDateTime sentAt;

    public Long id() {
        return id;
    }

    public String status() {
        return status;
    }

    public String notSentReason() {
        return notSentReason;
    }
}

package dev.mail2case.notify;

import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import dev.mail2case.thread.OutgoingMessageIds;
import dev.mail2case.thread.ReplyReferences;
import java.util.function.LongFunction;

/** Writes notifications as outbox rows inside the caller's transaction; delivery happens later. */
public class Outbox {

    /** What one notification says and to whom; rendered from the event's templates. */
    public record Notice(String event, String eventKey, Long caseId, long caseNumber, String account,
                         String recipient, String sender, String replyTo, String autoSubmitted,
                         String inReplyTo, List<String> references, Map<String, Object> model,
                         List<Long> attachmentIds) {
    }

    private final Templates templates;
    private final LongFunction<String> caseToken;
    private final OutgoingMessageIds messageIds;
    private final DeliveryGuard guard;
    private final String defaultSender;
    private final OutboxRepository rows = new OutboxRepository();

    public Outbox(Templates templates, LongFunction<String> caseToken, OutgoingMessageIds messageIds,
                  DeliveryGuard guard, String defaultSender) {
        this.defaultSender = defaultSender;
        this.templates = templates;
        this.caseToken = caseToken;
        this.messageIds = messageIds;
        this.guard = guard;
    }

    /** The sender of mail that belongs to no account: the first account's address. */
    public String defaultSender() {
        return defaultSender;
    }

    public String caseToken(long caseNumber) {
        return caseToken.apply(caseNumber);
    }

    /** Which template overrides apply: the notice's account, and the model's region and language when it has them. */
    static Templates.Scope scope(Notice notice) {
        Map<String, Object> model = notice.model() == null ? Map.of() : notice.model();
        return new Templates.Scope(notice.account(), text(model.get("region")), text(model.get("language")));
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /** Adds the row unless this event already has one for this recipient; returns the row or the existing one. */
    public OutboxMail add(EntityManager em, Notice notice) {
        return add(em, notice, null);
    }

    /** As {@link #add(EntityManager, Notice)}; a non-null {@code notSentBecause} records the row as not sent. */
    public OutboxMail add(EntityManager em, Notice notice, String notSentBecause) {
        Templates.Rendered rendered;
        String renderFailure = null;
        try {
            rendered = templates.render(notice.event(), notice.model(), scope(notice));
        } catch (RuntimeException e) {
            // The mail that caused the notice still opens its case: the notice is recorded as failed, with why.
            renderFailure = "template for " + notice.event() + " could not be rendered: " + e.getMessage();
            rendered = new Templates.Rendered("(" + notice.event() + " not rendered)", "", null);
        }
        OffsetDateTime now = OffsetDateTime.now();
        OutboxMail row = new OutboxMail();
        row.eventKey = notice.eventKey();
        row.event = notice.event();
        row.caseId = notice.caseId();
        row.account = notice.account();
        row.recipient = notice.recipient();
        row.sender = notice.sender();
        row.replyTo = notice.replyTo();
        row.subject = rendered.subject();
        row.bodyText = rendered.text();
        row.bodyHtml = rendered.html();
        row.messageId = ReplyReferences.normalise(messageIds.next(notice.caseNumber()));
        row.inReplyTo = notice.inReplyTo();
        row.referencesIds = notice.references() == null || notice.references().isEmpty() ? null
                : String.join(" ", notice.references());
        row.autoSubmitted = notice.autoSubmitted();
        java.util.Optional<String> refusal = notSentBecause != null
                ? java.util.Optional.of("not sent because " + notSentBecause)
                : guard.refuse(em, notice.recipient(), notice.caseId());
        row.status = refusal.map(r -> r.startsWith("blocked") ? OutboxMail.Status.BLOCKED : OutboxMail.Status.NOT_SENT)
                .orElse(OutboxMail.Status.PENDING).name();
        row.notSentReason = refusal.orElse(null);
        row.nextAttemptAt = now;
        row.createdAt = now;
        if (renderFailure != null) {
            row.status = OutboxMail.Status.FAILED.name();
            row.lastError = renderFailure.length() > 2000 ? renderFailure.substring(0, 2000) : renderFailure;
        }
        java.util.Optional<Long> id = rows.insertIfNew(em, row);
        if (id.isEmpty()) {
            // this event already wrote its row (a timer firing twice, a mail recorded again): nothing twice
            return rows.byEventKey(em, notice.eventKey());
        }
        row.id = id.get();
        if (renderFailure != null) {
            rows.failedAttempt(em, row.id, row.lastError);
            org.slf4j.LoggerFactory.getLogger(Outbox.class).error("Outbox mail {} to {} not sent: {}", row.id,
                    row.recipient, row.lastError);
        }
        rows.attach(em, row.id, notice.attachmentIds());
        return row;
    }
}

package dev.mail2case.notify;

import dev.mail2case.Pipeline;
import dev.mail2case.config.Database;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.Exchange;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Properties;

/**
 * The delivery side of the outbox: claims due rows, builds each mail, and records every attempt.
 * A 5xx reply is a permanent failure; anything else is tried again with exponential backoff.
 */
public class OutboxDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** How long a claimed row is held before another poller may take it again (a crash mid-send). */
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final Database database;
    private final Session session = Session.getInstance(new Properties());
    private final int maxAttempts;
    private final Duration firstRetry;
    private final Duration maxRetry;

    public OutboxDelivery(Database database, int maxAttempts, Duration firstRetry, Duration maxRetry) {
        this.database = database;
        this.maxAttempts = maxAttempts;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
    }

    /** Ids of due rows, now leased to this poller; SKIP LOCKED keeps replicas off each other's rows. */
    @SuppressWarnings("unchecked")
    public List<Long> claimDue(int limit) {
        return database.inTransaction(em -> ((List<Number>) em.createNativeQuery("""
                UPDATE outbox SET status = 'SENDING', next_attempt_at = now() + make_interval(secs => ?2)
                 WHERE id IN (SELECT id FROM outbox
                               WHERE status IN ('PENDING', 'SENDING') AND next_attempt_at <= now()
                               ORDER BY next_attempt_at LIMIT ?1 FOR UPDATE SKIP LOCKED)
                RETURNING id""").setParameter(1, limit).setParameter(2, (double) LEASE.toSeconds())
                .getResultList()).stream().map(Number::longValue).toList());
    }

    /** The mail for one outbox row, with the Message-ID the row was given. */
    public MimeMessage build(Exchange exchange) throws MessagingException {
        long id = exchange.getIn().getBody(Long.class);
        exchange.setProperty(Pipeline.OUTBOX_ID, id);
        OutboxMail row = database.inTransaction(em -> em.find(OutboxMail.class, id));
        MimeMessage msg = new FixedIdMessage(session, "<" + row.messageId + ">");
        msg.setFrom(new InternetAddress(row.sender));
        msg.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(row.recipient, false));
        if (row.replyTo != null) {
            msg.setReplyTo(InternetAddress.parse(row.replyTo, false));
        }
        msg.setSubject(row.subject, "UTF-8");
        msg.setSentDate(new Date());
        msg.setHeader("Auto-Submitted", row.autoSubmitted);
        msg.setHeader(dev.mail2case.screen.LoopDetector.LOOP_HEADER, row.sender);
        // Asks Exchange and Outlook not to answer with out-of-office or other auto-replies.
        msg.setHeader("X-Auto-Response-Suppress", "All");
        if (row.inReplyTo != null) {
            msg.setHeader("In-Reply-To", "<" + row.inReplyTo + ">");
        }
        if (row.referencesIds != null) {
            msg.setHeader("References", String.join(" ",
                    java.util.Arrays.stream(row.referencesIds.split(" ")).map(r -> "<" + r + ">").toList()));
        }
        List<Object[]> files = attachments(id);
        MimeMultipart alternative = null;
        if (row.bodyHtml != null) {
            alternative = new MimeMultipart("alternative");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(row.bodyText, "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(row.bodyHtml, "UTF-8", "html");
            alternative.addBodyPart(text);
            alternative.addBodyPart(html);
        }
        if (files.isEmpty()) {
            if (alternative == null) {
                msg.setText(row.bodyText, "UTF-8");
            } else {
                msg.setContent(alternative);
            }
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart body = new MimeBodyPart();
            if (alternative == null) {
                body.setText(row.bodyText, "UTF-8");
            } else {
                body.setContent(alternative);
            }
            mixed.addBodyPart(body);
            for (Object[] f : files) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new jakarta.activation.DataHandler(
                        new jakarta.mail.util.ByteArrayDataSource((byte[]) f[2], (String) f[1])));
                part.setFileName((String) f[0]);
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                mixed.addBodyPart(part);
            }
            msg.setContent(mixed);
        }
        msg.saveChanges();
        return msg;
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> attachments(long outboxId) {
        return database.inTransaction(em -> (List<Object[]>) em.createNativeQuery("""
                SELECT a.filename, a.content_type, a.content FROM outbox_attachments oa
                  JOIN attachments a ON a.id = oa.attachment_id WHERE oa.outbox_id = ?1 ORDER BY a.id""")
                .setParameter(1, outboxId).getResultList());
    }

    public void markSent(Exchange exchange) {
        long id = exchange.getProperty(Pipeline.OUTBOX_ID, Long.class);
        Object[] sent = database.inTransaction(em -> {
            Object[] row = (Object[]) em.createNativeQuery("UPDATE outbox SET status = 'SENT', attempts = attempts + 1, "
                            + "sent_at = now(), last_error = NULL WHERE id = ?1 RETURNING event, recipient, subject")
                    .setParameter(1, id).getSingleResult();
            attempt(em, id, "SENT", null);
            return row;
        });
        LOG.info("Sent {} to {}: {}", sent[0], sent[1], sent[2]);
    }

    public void markFailed(Exchange exchange) {
        Long id = exchange.getProperty(Pipeline.OUTBOX_ID, Long.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (id == null) {
            LOG.warn("Outbox poll failed, will try again: {}", cause == null ? "unknown" : cause.getMessage());
            return;
        }
        boolean permanent = isPermanent(cause);
        String error = cause == null ? "unknown failure" : describe(cause);
        database.inTransaction(em -> {
            int attempts = ((Number) em.createNativeQuery("SELECT attempts FROM outbox WHERE id = ?1")
                    .setParameter(1, id).getSingleResult()).intValue() + 1;
            boolean giveUp = permanent || attempts >= maxAttempts;
            Duration wait = backoff(attempts);
            em.createNativeQuery("UPDATE outbox SET status = ?2, attempts = ?3, last_error = ?4, "
                            + "next_attempt_at = ?5 WHERE id = ?1")
                    .setParameter(1, id).setParameter(2, giveUp ? "FAILED" : "PENDING").setParameter(3, attempts)
                    .setParameter(4, error).setParameter(5, OffsetDateTime.now().plus(wait)).executeUpdate();
            attempt(em, id, giveUp ? "FAILED" : "RETRY", error);
            if (giveUp) {
                LOG.error("Outbox mail {} failed for good after {} attempts: {}", id, attempts, error);
            } else {
                LOG.warn("Outbox mail {} failed (attempt {}), next try in {}s: {}", id, attempts, wait.toSeconds(), error);
            }
            return null;
        });
    }

    Duration backoff(int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration d = firstRetry.multipliedBy(factor);
        return d.compareTo(maxRetry) > 0 ? maxRetry : d;
    }

    static boolean isPermanent(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SMTPAddressFailedException a && a.getReturnCode() >= 500) {
                return true;
            }
            if (c instanceof SMTPSendFailedException s && s.getReturnCode() >= 500) {
                return true;
            }
            if (c instanceof jakarta.mail.SendFailedException sf && sf.getNextException() != null
                    && isPermanent(sf.getNextException())) {
                return true;
            }
            if (c instanceof jakarta.mail.internet.AddressException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String s = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (t.getCause() != null && t.getCause() != t) {
            s += " <- " + t.getCause().getClass().getSimpleName() + ": " + t.getCause().getMessage();
        }
        return s.length() > 2000 ? s.substring(0, 2000) : s;
    }

    private static void attempt(jakarta.persistence.EntityManager em, long id, String outcome, String error) {
        em.createNativeQuery("INSERT INTO delivery_attempts (outbox_id, attempted_at, outcome, error) "
                        + "VALUES (?1, now(), ?2, ?3)")
                .setParameter(1, id).setParameter(2, outcome).setParameter(3, error).executeUpdate();
    }

    /** Keeps the Message-ID the outbox row was given; Jakarta Mail would otherwise make up its own. */
    static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}

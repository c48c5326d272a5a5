package dev.mail2case.notify;

import dev.mail2case.config.Database;
import dev.mail2case.config.Jdbc;
import dev.mail2case.pipeline.Pipeline;
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
 *
 * <p>Exactly once, as far as SMTP allows: a row's status moves on only under the claim of the sender
 * that took it (a token; a committed SENT is never reopened). The claim is a short lease kept alive by
 * this sender's heartbeat, so the rows of a sender that died return within one lease. Just before DATA
 * the row is committed as "data started"; a send whose answer after DATA never came (lost reply, or the
 * sender died) may have been delivered, so it becomes UNCERTAIN and is held for an operator instead of
 * being sent again. The time between the server's 250 and the commit of SENT is measured on every send.
 */
public class OutboxDelivery implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDelivery.class);
    /** Exchange property with the {@link FixedIdMessage} being sent. */
    static final String MESSAGE = "mail2caseOutboxMessage";
    /** Exchange property with the SMTP endpoint's URI (server, session properties, login). */
    static final String SMTP_ENDPOINT = "mail2caseSmtpEndpoint";

    private final Database database;
    private final Session session = Session.getInstance(new Properties());
    private final int maxAttempts;
    private final Duration firstRetry;
    private final Duration maxRetry;
    private final Duration lease;
    private final String sender = senderName();
    /** Rows this sender holds: id to claim token. */
    private final java.util.Map<Long, String> claimed = new java.util.concurrent.ConcurrentHashMap<>();
    /** Mail the server accepted whose SENT could not be committed yet (the database was away). */
    private final java.util.Map<Long, FixedIdMessage> unrecorded = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong slowestRecordMillis = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.ScheduledExecutorService heartbeat;

    public OutboxDelivery(Database database, int maxAttempts, Duration firstRetry, Duration maxRetry) {
        this(database, maxAttempts, firstRetry, maxRetry, Duration.ofSeconds(30));
    }

    public OutboxDelivery(Database database, int maxAttempts, Duration firstRetry, Duration maxRetry, Duration lease) {
        this.database = database;
        this.maxAttempts = maxAttempts;
        this.firstRetry = firstRetry;
        this.maxRetry = maxRetry;
        this.lease = lease;
        heartbeat = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "outbox-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
        long every = Math.max(100, lease.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::heartbeat, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeat; this sender's claims then run out after one lease. */
    public void close() {
        heartbeat.shutdownNow();
    }

    private static String senderName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "unknown";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    /** The longest time so far between a server's 250 and the commit of SENT, in milliseconds. */
    public long slowestRecordMillis() {
        return slowestRecordMillis.get();
    }

    /** Set when mail was just recorded here, so the next look at the outbox comes at once. */
    private final java.util.concurrent.atomic.AtomicBoolean woken = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile long lastLookNanos;
    private volatile boolean moreDue;

    /** Called after a mail's transaction committed: its acknowledgement goes out without waiting for the poll. */
    public void wake() {
        woken.set(true);
    }

    /**
     * Like {@link #claimDue(int)}, but asks the database only when woken by a recorded mail, when the last
     * claim filled a whole batch, or when {@code everyMillis} passed since the last look (mail recorded by
     * another replica, retries coming due). Lets a short timer send soon after a commit without a query
     * every tick.
     */
    public List<Long> claimDue(int limit, long everyMillis) {
        boolean due = woken.getAndSet(false) || moreDue
                || System.nanoTime() - lastLookNanos >= everyMillis * 1_000_000L;
        if (!due) {
            return List.of();
        }
        lastLookNanos = System.nanoTime();
        List<Long> ids = claimDue(limit);
        moreDue = ids.size() >= limit;
        return ids;
    }

    /**
     * Ids of due rows, now claimed by this sender. A row another sender claimed comes back once its lease
     * ran out, unless DATA had started: then it is UNCERTAIN. SKIP LOCKED keeps replicas off each other's rows.
     */
    @SuppressWarnings("unchecked")
    public List<Long> claimDue(int limit) {
        sweepUncertain();
        String token = java.util.UUID.randomUUID().toString();
        List<Long> ids = database.inTransaction(em -> ((List<Number>) em.createNativeQuery("""
                UPDATE outbox SET status = 'SENDING', claim_token = ?2, claimed_by = ?3,
                       lease_until = now() + make_interval(secs => ?4), data_started_at = NULL
                 WHERE id IN (SELECT id FROM outbox
                               WHERE (status = 'PENDING' AND next_attempt_at <= now())
                                  OR (status = 'SENDING' AND data_started_at IS NULL
                                      AND (lease_until IS NULL OR lease_until < now()))
                               ORDER BY next_attempt_at LIMIT ?1 FOR UPDATE SKIP LOCKED)
                RETURNING id""").setParameter(1, limit).setParameter(2, token).setParameter(3, sender)
                .setParameter(4, lease.toMillis() / 1000.0)
                .getResultList()).stream().map(Number::longValue).sorted().toList());
        // RETURNING gives no order: sorted, a batch goes out in the order its rows were written.
        ids.forEach(id -> claimed.put(id, token));
        return ids;
    }

    /** Rows whose sender stopped after DATA without recording the answer: they may have been delivered. */
    @SuppressWarnings("unchecked")
    private void sweepUncertain() {
        List<Number> ids = database.inTransaction(em -> {
            List<Number> found = em.createNativeQuery("""
                    UPDATE outbox SET status = 'UNCERTAIN', lease_until = NULL,
                           last_error = 'its sender stopped after DATA before the answer was recorded; '
                                        || 'it may have been delivered, so it is held for an operator'
                     WHERE status = 'SENDING' AND data_started_at IS NOT NULL AND lease_until < now()
                    RETURNING id""").getResultList();
            for (Number id : found) {
                attempt(em, id.longValue(), "UNCERTAIN", "sender " + "stopped between DATA and the record of the answer");
            }
            return found;
        });
        ids.forEach(id -> LOG.error("Outbox mail {} may or may not have been delivered (its sender stopped after DATA); "
                + "held for an operator", id));
    }

    /** Keeps this sender's claims alive and records sends the database could not take at the time. */
    private void heartbeat() {
        try {
            if (!claimed.isEmpty()) {
                database.inTransaction(em -> {
                    claimed.forEach((id, token) -> em.createNativeQuery("""
                            UPDATE outbox SET lease_until = now() + make_interval(secs => ?3)
                             WHERE id = ?1 AND claim_token = ?2 AND status = 'SENDING'""")
                            .setParameter(1, id).setParameter(2, token).setParameter(3, lease.toMillis() / 1000.0)
                            .executeUpdate());
                    return null;
                });
            }
            for (FixedIdMessage m : unrecorded.values()) {
                recordSent(m);
                unrecorded.remove(m.outboxId);
            }
        } catch (RuntimeException e) {
            LOG.warn("Outbox heartbeat could not reach the database: {}", e.getMessage());
        }
    }

    /** Commits, just before DATA, that this row's mail is about to be handed over; false when the claim is gone. */
    boolean dataStarting(long id, String token) {
        return database.inTransaction(em -> Jdbc.update(em, """
                UPDATE outbox SET data_started_at = now(), lease_until = now() + make_interval(secs => ?)
                 WHERE id = ? AND claim_token = ? AND status = 'SENDING'""", lease.toMillis() / 1000.0, id, token)) == 1;
    }

    /** The mail for one outbox row, with the Message-ID the row was given. */
    public MimeMessage build(Exchange exchange) throws MessagingException {
        long id = exchange.getIn().getBody(Long.class);
        exchange.setProperty(Pipeline.OUTBOX_ID, id);
        String token = claimed.get(id);
        if (token == null) {
            throw new IllegalStateException("outbox mail " + id + " is not claimed by this sender");
        }
        record Row(OutboxMail mail, List<Object[]> files) {
        }
        Row both = database.read(em -> new Row(sendable(em, id), attachments(em, id)));
        OutboxMail row = both.mail();
        FixedIdMessage msg = new FixedIdMessage(session, "<" + row.messageId + ">", id, token, this);
        exchange.setProperty(MESSAGE, msg);
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
        List<Object[]> files = both.files();
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

    /** What a send needs of its row, as plain JDBC: Hibernate's entity load was in a third of the sending thread's samples. */
    private static OutboxMail sendable(jakarta.persistence.EntityManager em, long id) {
        return Jdbc.first(em, """
                SELECT message_id, sender, recipient, reply_to, subject, auto_submitted, in_reply_to, references_ids,
                       body_text, body_html
                  FROM outbox WHERE id = ?""", rs -> {
            OutboxMail row = new OutboxMail();
            row.id = id;
            row.messageId = rs.getString(1);
            row.sender = rs.getString(2);
            row.recipient = rs.getString(3);
            row.replyTo = rs.getString(4);
            row.subject = rs.getString(5);
            row.autoSubmitted = rs.getString(6);
            row.inReplyTo = rs.getString(7);
            row.referencesIds = rs.getString(8);
            row.bodyText = rs.getString(9);
            row.bodyHtml = rs.getString(10);
            return row;
        }, id).orElseThrow(() -> new IllegalStateException("outbox mail " + id + " is no longer in the outbox"));
    }

    private static List<Object[]> attachments(jakarta.persistence.EntityManager em, long outboxId) {
        return Jdbc.list(em, """
                SELECT a.filename, a.content_type, a.content FROM outbox_attachments oa
                  JOIN attachments a ON a.id = oa.attachment_id WHERE oa.outbox_id = ? ORDER BY a.id""",
                rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getBytes(3)}, outboxId);
    }

    /** The SMTP connection kept open across one poll's sends; closed by {@link #closeConnection()}. */
    private jakarta.mail.Transport transport;
    private org.apache.camel.component.mail.JavaMailSender smtp;
    private String smtpUri;

    /**
     * Sends the built mail over the connection this poll's earlier sends used, opening one when there is none.
     * A kept connection that fails before DATA (the server dropped it while idle) is replaced and the mail
     * sent once more on the new one: nothing was handed over yet. Any failure closes the connection, so the
     * next mail starts clean. The session, login and server come from the SMTP endpoint in {@code uri}, set up
     * as Camel's mail component sets up its own (the exchange property {@link #SMTP_ENDPOINT}).
     */
    public synchronized void send(Exchange exchange) throws Exception {
        String uri = exchange.getProperty(SMTP_ENDPOINT, String.class);
        FixedIdMessage msg = exchange.getProperty(MESSAGE, FixedIdMessage.class);
        if (smtp == null || !uri.equals(smtpUri)) {
            closeConnection();
            var endpoint = exchange.getContext().getEndpoint(uri, org.apache.camel.component.mail.MailEndpoint.class);
            // Camel's own set-up of the session and login (protected in the component, so reached reflectively).
            var create = org.apache.camel.component.mail.MailConfiguration.class
                    .getDeclaredMethod("createJavaMailSender", org.apache.camel.CamelContext.class);
            create.setAccessible(true);
            smtp = (org.apache.camel.component.mail.JavaMailSender) create.invoke(endpoint.getConfiguration(),
                    exchange.getContext());
            smtpUri = uri;
        }
        if (msg.getSentDate() == null) {
            msg.setSentDate(new Date());
        }
        boolean kept = transport != null;
        try {
            sendOn(connection(), msg);
        } catch (MessagingException e) {
            closeConnection();
            if (!kept || msg.dataStarted || msg.accepted) {
                throw e;
            }
            LOG.debug("Kept SMTP connection failed before DATA ({}); sending outbox mail {} on a new one",
                    e.getMessage(), msg.outboxId);
            try {
                sendOn(connection(), msg);
            } catch (MessagingException again) {
                closeConnection();
                throw again;
            }
        } catch (RuntimeException e) {
            closeConnection();
            throw e;
        }
    }

    private static void sendOn(jakarta.mail.Transport t, MimeMessage msg) throws MessagingException {
        t.sendMessage(msg, msg.getAllRecipients());
    }

    private jakarta.mail.Transport connection() throws MessagingException {
        if (transport == null) {
            jakarta.mail.Transport t = smtp.getSession().getTransport(smtp.getProtocol());
            jakarta.mail.PasswordAuthentication login = smtp.getAuthenticator() == null
                    ? new jakarta.mail.PasswordAuthentication(smtp.getUsername(), smtp.getPassword())
                    : smtp.getAuthenticator().getPasswordAuthentication();
            t.connect(smtp.getHost(), smtp.getPort(), login.getUserName(), login.getPassword());
            transport = t;
        }
        return transport;
    }

    /** Ends this poll's SMTP connection (QUIT). */
    public synchronized void closeConnection() {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("Closing the SMTP connection: {}", e.getMessage());
            }
            transport = null;
        }
    }

    public void markSent(Exchange exchange) {
        FixedIdMessage msg = exchange.getProperty(MESSAGE, FixedIdMessage.class);
        claimed.remove(msg.outboxId);
        try {
            Double waited = recordSent(msg);
            if (waited != null) {
                exchange.setProperty(Pipeline.OUTBOX_WAITED, waited);
            }
        } catch (RuntimeException e) {
            // The server has the mail: never send it again; the heartbeat records it once the database is back.
            unrecorded.put(msg.outboxId, msg);
            LOG.warn("Outbox mail {} was accepted by the server but could not be recorded yet ({}); it will not be "
                    + "sent again", msg.outboxId, e.getMessage());
        }
    }

    /** Records the server's acceptance; returns how long the row waited to be sent (s), null if it was taken. */
    private Double recordSent(FixedIdMessage msg) {
        long id = msg.outboxId;
        long waited = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - msg.acceptedNanos);
        Object[] sent = database.inTransaction(em -> {
            List<Object[]> rows = Jdbc.list(em, """
                    UPDATE outbox SET status = 'SENT', attempts = attempts + 1, sent_at = now(), last_error = NULL,
                           lease_until = NULL
                     WHERE id = ? AND claim_token = ? AND status IN ('SENDING', 'UNCERTAIN')
                    RETURNING event, recipient, subject, extract(epoch FROM now() - created_at)::float8""",
                    rs -> new Object[]{rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4)},
                    id, msg.token);
            attempt(em, id, "SENT", "accepted by the server; recorded " + waited + " ms after its answer"
                    + (rows.isEmpty() ? " (the row had meanwhile been handed to another send)" : ""));
            return rows.isEmpty() ? null : rows.get(0);
        });
        long total = java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - msg.acceptedNanos);
        slowestRecordMillis.accumulateAndGet(total, Math::max);
        if (sent == null) {
            LOG.warn("Outbox mail {} was sent, but its row had meanwhile been handed to another send", id);
        } else {
            LOG.info("Sent {} to {}: {} (recorded {} ms after the server's answer)", sent[0], sent[1], sent[2], total);
        }
        return sent == null ? null : ((Number) sent[3]).doubleValue();
    }

    public void markFailed(Exchange exchange) {
        Long id = exchange.getProperty(Pipeline.OUTBOX_ID, Long.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (id == null) {
            LOG.warn("Outbox poll failed, will try again: {}", cause == null ? "unknown" : cause.getMessage());
            return;
        }
        FixedIdMessage msg = exchange.getProperty(MESSAGE, FixedIdMessage.class);
        String token = claimed.remove(id);
        if (msg != null && msg.accepted) {
            unrecorded.put(id, msg);
            return;
        }
        if (token == null) {
            LOG.warn("Outbox mail {} failed but is no longer claimed by this sender: {}", id, cause);
            return;
        }
        String error = cause == null ? "unknown failure" : describe(cause);
        if (msg != null && msg.dataStarted && !answeredAfterData(cause)) {
            int n = database.inTransaction(em -> {
                int updated = em.createNativeQuery("""
                        UPDATE outbox SET status = 'UNCERTAIN', attempts = attempts + 1, last_error = ?3,
                               lease_until = NULL
                         WHERE id = ?1 AND claim_token = ?2 AND status = 'SENDING'""")
                        .setParameter(1, id).setParameter(2, token)
                        .setParameter(3, "no answer after DATA, it may have been delivered; held for an operator: "
                                + error).executeUpdate();
                attempt(em, id, "UNCERTAIN", error);
                return updated;
            });
            LOG.error("Outbox mail {} may or may not have been delivered (no answer after DATA){}; held for an "
                    + "operator: {}", id, n == 1 ? "" : " and its row was taken meanwhile", error);
            return;
        }
        boolean permanent = isPermanent(cause);
        database.inTransaction(em -> {
            int attempts = ((Number) em.createNativeQuery("SELECT attempts FROM outbox WHERE id = ?1")
                    .setParameter(1, id).getSingleResult()).intValue() + 1;
            boolean giveUp = permanent || attempts >= maxAttempts;
            Duration wait = backoff(attempts);
            int updated = em.createNativeQuery("UPDATE outbox SET status = ?2, attempts = ?3, last_error = ?4, "
                            + "next_attempt_at = ?5, lease_until = NULL "
                            + "WHERE id = ?1 AND claim_token = ?6 AND status = 'SENDING'")
                    .setParameter(1, id).setParameter(2, giveUp ? "FAILED" : "PENDING").setParameter(3, attempts)
                    .setParameter(4, error).setParameter(5, OffsetDateTime.now().plus(wait))
                    .setParameter(6, token).executeUpdate();
            attempt(em, id, giveUp ? "FAILED" : "RETRY", error);
            if (updated == 0) {
                LOG.warn("Outbox mail {} failed after its row was handed to another send: {}", id, error);
            } else if (giveUp) {
                LOG.error("Outbox mail {} failed for good after {} attempts: {}", id, attempts, error);
            } else {
                LOG.warn("Outbox mail {} failed (attempt {}), next try in {}s: {}", id, attempts, wait.toSeconds(), error);
            }
            return null;
        });
    }

    /** True when the server answered the end of the data (4xx or 5xx): then nothing was delivered. */
    static boolean answeredAfterData(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SMTPSendFailedException s && s.getReturnCode() >= 400) {
                return true;
            }
        }
        return false;
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
        Jdbc.update(em, "INSERT INTO delivery_attempts (outbox_id, attempted_at, outcome, error) VALUES (?, now(), ?, ?)",
                id, outcome, error);
    }

    /** Keeps the Message-ID the outbox row was given; Jakarta Mail would otherwise make up its own. */
    static final class FixedIdMessage extends MimeMessage {
        private final String messageId;
        final long outboxId;
        final String token;
        private final OutboxDelivery delivery;
        volatile boolean dataStarted;
        volatile boolean accepted;
        volatile long acceptedNanos;

        FixedIdMessage(Session session, String messageId, long outboxId, String token, OutboxDelivery delivery) {
            super(session);
            this.messageId = messageId;
            this.outboxId = outboxId;
            this.token = token;
            this.delivery = delivery;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }

        /** Called just before DATA: commits the mark, or stops the send when the claim is gone. */
        void beforeData() throws MessagingException {
            boolean ours;
            try {
                ours = delivery.dataStarting(outboxId, token);
            } catch (RuntimeException e) {
                throw new MessagingException("outbox mail " + outboxId + " not sent: its start could not be recorded", e);
            }
            if (!ours) {
                throw new MessagingException("outbox mail " + outboxId + " not sent: its claim was taken by another send");
            }
            dataStarted = true;
        }

        /** Called when the server answered 250 to the data. */
        void accepted() {
            acceptedNanos = System.nanoTime();
            accepted = true;
        }
    }
}

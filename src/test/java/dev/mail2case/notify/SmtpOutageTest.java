package dev.mail2case.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mail2case.config.Times;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.ScriptedSmtpServer;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;

import static dev.mail2case.support.TestApp.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The delivery log never forgets: an outage, a temporary refusal and a permanent one. */
class SmtpOutageTest {
    private static final List<String> SENDERS = List.of("anna@northwind.example", "marc@contoso.example",
            "lea@tenants.example");
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;
    private GreenMail outgoing;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (outgoing != null) {
            outgoing.stop();
        }
        mail.close();
    }

    private Properties settings(int outgoingPort) throws Exception {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.smtp.port", Integer.toString(outgoingPort));
        p.setProperty("mail2case.outbox.max-attempts", "100");
        p.setProperty("mail2case.outbox.first-retry-ms", "100");
        p.setProperty("mail2case.outbox.max-retry-ms", "1600");
        return p;
    }

    @Test
    void whileSmtpIsDownEveryAcknowledgementWaitsWithGrowingGapsAndOnceItIsUpEachIsDeliveredOnce() throws Exception {
        int port = TestApp.freePort();
        app = Mail2CaseApp.start(settings(port));
        for (String sender : SENDERS) {
            send(sender, "Heating");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.deliveryAttempts(app, "RETRY") >= 3L * 5);
        assertEquals(3, Recorded.outboxMailsWithStatus(app, "PENDING"), "nothing is given up");
        assertTrue(Recorded.firstOutboxMail(app).lastError().contains("onnect"),
                "the connection error is on the row");
        List<Object[]> tries = query(app, "SELECT a.attempted_at FROM delivery_attempts a "
                + "WHERE a.outbox_id = (SELECT min(id) FROM outbox) ORDER BY a.id");
        Duration first = between(tries.get(0)[0], tries.get(1)[0]);
        Duration fourth = between(tries.get(3)[0], tries.get(4)[0]);
        assertTrue(fourth.compareTo(first.multipliedBy(2)) > 0, "backoff grows: " + first + " then " + fourth);

        outgoing = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        outgoing.start();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsSent(app) == 3);
        // a late duplicate would arrive within a few poll periods
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> outgoing.getReceivedMessages().length == 3);
        List<String> received = new java.util.ArrayList<>();
        for (MimeMessage m : outgoing.getReceivedMessages()) {
            received.add(m.getMessageID());
        }
        assertEquals(3, received.size(), "each acknowledgement once: " + received);
        assertEquals(3, new HashSet<>(received).size());
        for (String sender : SENDERS) {
            assertEquals(1, outgoing.getReceivedMessagesForDomain(sender).length, sender);
        }
        assertEquals(0, Recorded.outboxMailsTriedFewerThan(app, 2), "each was tried more than once");
    }

    @Test
    void aTemporaryRefusalIsRetriedAndAPermanentOneFailsAtOnceUntilAnOperatorResendsIt() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            Properties settings = settings(smtp.port());
            smtp.answerRcpt("451 4.3.0 mailbox busy, try later");
            app = Mail2CaseApp.start(settings);
            send(SENDERS.get(0), "Heating");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Recorded.deliveryAttempts(app, "RETRY") >= 2);
            assertTrue(Recorded.firstOutboxMail(app).lastError().contains("451"));
            smtp.answerRcpt("250 2.1.5 ok");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Recorded.outboxMailsSent(app) == 1);
            assertEquals(1, smtp.deliveredMessageIds().size());

            smtp.answerRcpt("550 5.1.1 <marc@contoso.example>: no such user");
            send(SENDERS.get(1), "Printer");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Recorded.outboxMailsWithStatus(app, "FAILED") == 1);
            Recorded.OutboxMail failed = Recorded.firstOutboxMailWithStatus(app, "FAILED");
            assertEquals(1, failed.attempts(), "a 5xx is not tried again");
            assertTrue(failed.lastError().contains("550 5.1.1"), failed.lastError());

            smtp.answerRcpt("250 2.1.5 ok");
            assertEquals(200, TestApp.api(settings, "POST", "/deliveries/" + failed.id() + "/resend", null).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() -> smtp.deliveredMessageIds().size() == 2);
            assertEquals("SENT", Recorded.outboxMail(app, failed.id()).status());
            assertEquals(List.of("FAILED", "RESEND_REQUESTED", "SENT"), Recorded.deliveryOutcomes(app, failed.id()),
                    "the log keeps every step");
        }
    }

    private void send(String from, String subject) throws Exception {
        mail.send(from, TestApp.SUPPORT, subject, "Please help.");
    }

    private static Duration between(Object a, Object b) {
        OffsetDateTime x = Times.of(a);
        OffsetDateTime y = Times.of(b);
        return Duration.between(x, y);
    }
}

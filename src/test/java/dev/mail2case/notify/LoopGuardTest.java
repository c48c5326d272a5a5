package dev.mail2case.notify;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoopGuardTest {
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;

    @BeforeEach
    void start() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.auto-mail.rate-limits", "2/PT10M, 5/PT10H");
        app = Mail2CaseApp.start(settings);
    }

    @AfterEach
    void stop() {
        app.close();
        mail.close();
    }

    @Test
    void mailFromOneOfOurOwnAccountsIsNeverAcknowledged() throws Exception {
        send(TestApp.REQUESTS, TestApp.SUPPORT, "Forwarded request");
        String[] row = outboxRowOnceRecorded();
        assertEquals("NOT_SENT", row[0]);
        assertTrue(row[1].contains("one of our own accounts"), row[1]);
        assertNoMailDeliveredTo(TestApp.REQUESTS);
    }

    @Test
    void mailFromANoReplyAddressIsNeverAcknowledged() throws Exception {
        send("no-reply@vendor.example", TestApp.SUPPORT, "Your invoice is ready");
        String[] row = outboxRowOnceRecorded();
        assertEquals("NOT_SENT", row[0]);
        assertTrue(row[1].contains("machine address"), row[1]);
    }

    @Test
    void blockedAddressGetsNoAcknowledgementAndTheBlockIsNamed() throws Exception {
        TestApp.execute(app, "INSERT INTO address_blocks (address, reason, created_at, until) "
                + "VALUES ('anna@northwind.example', 'mailboxfull', now(), now() + interval '3 hours')");
        send("Anna@Northwind.example", TestApp.SUPPORT, "Where is my order?");
        String[] row = outboxRowOnceRecorded();
        assertEquals("BLOCKED", row[0]);
        assertTrue(row[1].contains("mailboxfull until"), row[1]);
    }

    @Test
    void senderOverTheRateLimitGetsNoMoreAcknowledgementsAndEachRefusalIsRecorded() throws Exception {
        for (int i = 1; i <= 4; i++) {
            send("marc@contoso.example", TestApp.SUPPORT, "Request " + i);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.outboxMails(app) == 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("marc@contoso.example").length == 2);
        List<String> refused = Recorded.notSentReasons(app, "BLOCKED");
        assertEquals(2, refused.size());
        assertTrue(refused.get(0).contains("rate limit of 2 per 10m"), refused.get(0));
        assertEquals(4, Recorded.casesOpened(app), "the cases are opened all the same");
    }

    @Test
    void ourOwnAcknowledgementComingBackIsRecordedAndNotProcessedAsNew() throws Exception {
        send("anna@northwind.example", TestApp.SUPPORT, "Heating");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("anna@northwind.example").length == 1);
        MimeMessage ack = mail.receivedBy("anna@northwind.example")[0];
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        ack.writeTo(raw);
        // A client's mail server that forwards everything back to us.
        mail.sendRaw(raw.toByteArray(), "anna@northwind.example", TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app) == 2);
        assertEquals("LOOP", Recorded.latestMailTakenIn(app).outcome());
        assertEquals(1, Recorded.casesOpened(app));
        assertEquals(1, Recorded.outboxMails(app));
    }

    @Test
    void autoSubmittedMailOpensACaseButIsNeverAnsweredAutomatically() throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("monitor@vendor.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Disk usage above 90% on srv-3");
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setText("Alert.");
        mail.send(m);
        String[] row = outboxRowOnceRecorded();
        assertEquals("NOT_SENT", row[0]);
        assertTrue(row[1].contains("Auto-Submitted: auto-generated"), row[1]);
        assertEquals(1, Recorded.casesOpened(app));
    }

    @Test
    void bulkMailFromAListIsNeverAnsweredAutomatically() throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("news@vendor.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Our November newsletter");
        m.setHeader("Precedence", "bulk");
        m.setText("News.");
        mail.send(m);
        String[] row = outboxRowOnceRecorded();
        assertEquals("NOT_SENT", row[0]);
        assertTrue(row[1].contains("Precedence: bulk"), row[1]);
    }

    private String[] outboxRowOnceRecorded() {
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.outboxMails(app) == 1);
        Recorded.OutboxMail r = Recorded.firstOutboxMail(app);
        return new String[]{r.status(), r.notSentReason()};
    }

    private void assertNoMailDeliveredTo(String address) {
        assertEquals(0, Recorded.deliveryAttempts(app));
        assertEquals(0, mail.receivedBy(address).length);
    }

    private void send(String from, String to, String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        m.setText("Text of " + subject);
        mail.send(m);
    }
}

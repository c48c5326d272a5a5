package dev.mail2case.screen;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.MovableClock;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BouncesTest extends PipelineTest {
    private final MovableClock clock = new MovableClock();

    /** Opens a case from {@code sender} and returns the Message-ID of its acknowledgement. */
    private String acknowledgedCaseFrom(String sender) throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings, clock);
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(sender));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Where is my parcel?");
        m.setText("Ordered last week.");
        mail.send(m);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsSent(app) == 1);
        return Recorded.firstOutboxMail(app).messageId();
    }

    private void bounceBack(String recipient, String status, String diagnostic, String originalId) throws Exception {
        report(recipient, "failed", status, diagnostic, originalId);
    }

    private void report(String recipient, String action, String status, String diagnostic, String originalId)
            throws Exception {
        String dsn = "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n"
                + "To: " + TestApp.SUPPORT + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <dsn-" + System.nanoTime() + "@mx.example.net>\r\nAuto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nThis is the mail system at host mx.example.net.\r\n"
                + "I'm sorry to have to inform you that your message could not be delivered.\r\n\r\n"
                + "<" + recipient + ">: host mx.example.net said: " + diagnostic + "\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\nAction: " + action + "\r\nStatus: " + status + "\r\n"
                + "Diagnostic-Code: smtp; " + diagnostic + "\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + TestApp.SUPPORT + "\r\nTo: " + recipient
                + "\r\nSubject: [#1001] Where is my parcel?\r\nMessage-ID: <" + originalId + ">\r\n--B--\r\n";
        mail.sendRaw(dsn.getBytes(StandardCharsets.US_ASCII), "MAILER-DAEMON@mx.example.net", TestApp.SUPPORT);
    }

    @Test
    void bounceOfANotificationToADeadAddressFailsThatDeliveryAndBlocksTheAddressUntilCleared() throws Exception {
        String ack = acknowledgedCaseFrom("gone@shop.example");
        bounceBack("gone@shop.example", "5.1.1", "550 5.1.1 <gone@shop.example>: Recipient address rejected: User unknown",
                ack);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.addressBlocks(app) == 1);
        Recorded.OutboxMail row = Recorded.firstOutboxMail(app);
        assertEquals("FAILED", row.status());
        assertTrue(row.lastError().startsWith("bounced: userunknown"), row.lastError());
        Recorded.Block block = Recorded.firstAddressBlock(app);
        assertEquals("gone@shop.example", block.target());
        assertEquals("userunknown", block.reason());
        assertNull(block.lastsSeconds(), "user unknown blocks until an operator clears it");
        assertEquals(1, Recorded.casesOpened(app), "a bounce never opens a case");
        assertEquals("BOUNCE", Recorded.latestMailTakenIn(app).outcome());
    }

    @Test
    void mailboxFullBlocksForThreeHoursExpiresOnTheMovedClockAndSurvivesARestart() throws Exception {
        String ack = acknowledgedCaseFrom("full@shop.example");
        bounceBack("full@shop.example", "5.2.2", "552 5.2.2 Mailbox full: quota exceeded", ack);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.addressBlocks(app) == 1);
        assertEquals(3 * 3600, Recorded.firstAddressBlock(app).lastsSeconds().intValue());

        app.close();
        app = Mail2CaseApp.start(settings, clock);
        var blocks = app.context().getRegistry().lookupByNameAndType("blocks", dev.mail2case.notify.Blocks.class);
        assertEquals(1, blocks.active().size(), "the block survives a restart");
        clock.advance(Duration.ofHours(3).plusMinutes(1));
        assertEquals(0, blocks.active().size(), "and expires by itself");
    }

    @Test
    void aBounceNamingSeveralRecipientsBlocksOnlyTheOneOurMailWentToAndKeepsTheRest() throws Exception {
        String ack = acknowledgedCaseFrom("gone@shop.example");
        String dsn = "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n"
                + "To: " + TestApp.SUPPORT + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <dsn-mixed@mx.example.net>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nYour message could not be delivered.\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
                + "Final-Recipient: rfc822; gone@shop.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n"
                + "Final-Recipient: rfc822; full@shop.example\r\nAction: failed\r\nStatus: 5.2.2\r\n"
                + "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + TestApp.SUPPORT
                + "\r\nMessage-ID: <" + ack + ">\r\n--B--\r\n";
        mail.sendRaw(dsn.getBytes(StandardCharsets.US_ASCII), "MAILER-DAEMON@mx.example.net", TestApp.SUPPORT);

        // Our acknowledgement went to gone@shop.example only: full@shop.example is not ours to block.
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app, "BOUNCE") == 1);
        assertEquals(1, Recorded.addressBlocks(app));
        Recorded.Block gone = Recorded.addressBlock(app, "gone@shop.example");
        assertEquals("userunknown", gone.reason());
        assertNull(gone.lastsSeconds(), "the unknown address is blocked until cleared");
        String kept = Recorded.latestMailTakenIn(app).outcomeDetail();
        assertTrue(kept.contains("ignored, that mail was not sent to full@shop.example"), kept);
        String error = Recorded.firstOutboxMail(app).lastError();
        assertTrue(error.contains("userunknown 5.1.1 for gone@shop.example")
                && error.contains("mailboxfull 5.2.2 for full@shop.example"), error);
    }

    @Test
    void aDelayForOurMailIsWrittenIntoItsDeliveryLogAndLeavesTheDeliveryAndTheAddressAlone() throws Exception {
        String ack = acknowledgedCaseFrom("slow@shop.example");
        report("slow@shop.example", "delayed", "4.4.1", "451 4.4.1 Connection timed out, will retry", ack);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.deliveryAttempts(app, "DELAYED") == 1);
        String logged = Recorded.firstDeliveryAttempt(app, "DELAYED").error();
        assertTrue(logged.contains("4.4.1") && logged.contains("slow@shop.example"), logged);
        assertEquals("SENT", Recorded.firstOutboxMail(app).status(), "a delay is no failure");
        assertEquals(0, Recorded.addressBlocks(app), "delays block nothing");
        assertEquals(1, Recorded.casesOpened(app), "a delivery report opens no case");

        var log = dev.mail2case.mail.InspectJson.MAPPER.readTree(
                TestApp.api(settings, "GET", "/cases/1001/deliveries", null).body()).path("deliveries").path(0).path("log");
        assertEquals("SENT", log.path(0).path("outcome").asText(), log.toString());
        assertEquals("DELAYED", log.path(1).path("outcome").asText(), log.toString());
        assertTrue(log.path(1).path("detail").asText().contains("4.4.1"), log.toString());
    }

    @Test
    void bounceForMailWeNeverSentIsKeptAsAnOrphanAndBlocksNothingWhenItIsADelay() throws Exception {
        acknowledgedCaseFrom("slow@shop.example");
        bounceBack("slow@shop.example", "4.4.7", "451 4.4.7 Message delayed", "unknown-123@nowhere.example");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app) == 2);
        assertEquals(0, Recorded.addressBlocks(app));
        assertEquals(1, Recorded.casesOpened(app));
    }

    @Test
    void outOfOfficeReplyWithoutHeadersIsNeitherACaseNorAnswered() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings, clock);
        for (int i = 0; i < 2; i++) {
            MimeMessage m = new MimeMessage(mail.session());
            m.setFrom(new InternetAddress("busy@partner.example"));
            m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
            m.setSubject("Out of Office: back on Monday");
            m.setText("I am out of the office until Monday and will answer your mail then.");
            mail.send(m);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app) == 2);
        assertEquals(0, Recorded.casesOpened(app));
        assertEquals(0, Recorded.outboxMails(app));
        assertEquals(0, mail.receivedBy("busy@partner.example").length, "an auto-responder is never answered");
    }
}

package dev.mail2case.screen;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Anyone can write a bounce naming any address; only a bounce of our own mail may act on it. */
class ForgedBounceTest extends PipelineTest {

    @Test
    void aForgedUserUnknownBounceNamingAClientBlocksNothingAndTheClientIsStillAcknowledged() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        String dsn = "From: Mail Delivery System <MAILER-DAEMON@forger.example>\r\n"
                + "To: " + TestApp.SUPPORT + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <forged-dsn@forger.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\n<anna@client-one.test>: 550 5.1.1 User unknown\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; forger.example\r\n\r\n"
                + "Final-Recipient: rfc822; anna@client-one.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <anna@client-one.test>: User unknown\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + TestApp.SUPPORT
                + "\r\nTo: anna@client-one.test\r\nSubject: [#1001] Heating\r\n"
                + "Message-ID: <never-sent-by-us@mail2case.test>\r\n--B--\r\n";
        mail.sendRaw(dsn.getBytes(StandardCharsets.US_ASCII), "MAILER-DAEMON@forger.example", TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.mailsTakenIn(app, "BOUNCE_ORPHAN") == 1);
        assertEquals(0, Recorded.addressBlocks(app), "an orphan bounce blocks no one");
        String kept = Recorded.firstMailTakenIn(app).outcomeDetail();
        assertEquals(true, kept.contains("anna@client-one.test"), "the orphan is kept with what it said: " + kept);

        mail.send("anna@client-one.test", TestApp.SUPPORT, "Heating", "Still cold.");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMails(app, "acknowledgement", "SENT") == 1);
        assertEquals(1, mail.receivedBy("anna@client-one.test").length, "the client still hears from us");
    }

    @Test
    void aBounceCitingOurRealAcknowledgementCanOnlyActOnTheAddressItWentTo() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        mail.send("forger@forger.example", TestApp.SUPPORT, "Hello", "Send me an acknowledgement.");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsSent(app) == 1);
        String ack = Recorded.firstOutboxMail(app).messageId();
        String dsn = "From: Mail Delivery System <MAILER-DAEMON@forger.example>\r\n"
                + "To: " + TestApp.SUPPORT + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <forged-dsn-2@forger.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\n<anna@client-one.test>: 550 5.1.1 User unknown\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; forger.example\r\n\r\n"
                + "Final-Recipient: rfc822; anna@client-one.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
                + "Diagnostic-Code: smtp; 550 5.1.1 <anna@client-one.test>: User unknown\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + TestApp.SUPPORT
                + "\r\nTo: anna@client-one.test\r\nSubject: [#1001] Hello\r\n"
                + "Message-ID: <" + ack + ">\r\n--B--\r\n";
        mail.sendRaw(dsn.getBytes(StandardCharsets.US_ASCII), "MAILER-DAEMON@forger.example", TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app, "BOUNCE") == 1);
        assertEquals(0, Recorded.addressBlocks(app), "anna was never sent that mail");
        assertEquals("SENT", Recorded.firstOutboxMail(app).status(), "nor did it fail");
        String kept = Recorded.latestMailTakenIn(app).outcomeDetail();
        assertEquals(true, kept.contains("ignored, that mail was not sent to anna@client-one.test"), kept);
    }
}

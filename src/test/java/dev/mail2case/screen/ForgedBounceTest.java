package dev.mail2case.screen;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.ForgedDsn;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Anyone can write a bounce naming any address; only a bounce of our own mail may act on it. */
class ForgedBounceTest extends PipelineTest {

    @Test
    void aForgedUserUnknownBounceNamingAClientBlocksNothingAndTheClientIsStillAcknowledged() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        mail.sendRaw(ForgedDsn.failed("forged-dsn", "anna@client-one.test", "5.1.1", "550 5.1.1 User unknown",
                "[#1001] Heating", "never-sent-by-us@mail2case.test"), ForgedDsn.SENDER, TestApp.SUPPORT);
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
        mail.sendRaw(ForgedDsn.failed("forged-dsn-2", "anna@client-one.test", "5.1.1", "550 5.1.1 User unknown",
                "[#1001] Hello", ack), ForgedDsn.SENDER, TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app, "BOUNCE") == 1);
        assertEquals(0, Recorded.addressBlocks(app), "anna was never sent that mail");
        assertEquals("SENT", Recorded.firstOutboxMail(app).status(), "nor did it fail");
        String kept = Recorded.latestMailTakenIn(app).outcomeDetail();
        assertEquals(true, kept.contains("ignored, that mail was not sent to anna@client-one.test"), kept);
    }
}

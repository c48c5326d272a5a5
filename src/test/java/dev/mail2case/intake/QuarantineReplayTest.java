package dev.mail2case.intake;

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
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuarantineReplayTest {
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;
    private Quarantine quarantine;

    @BeforeEach
    void quarantineOneMail() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.account.support.max-attempts", "2");
        settings.setProperty("mail2case.replay.poll-ms", "200");
        app = Mail2CaseApp.start(settings);
        quarantine = new Quarantine(app.database());
        TestApp.execute(app, """
                CREATE FUNCTION refuse_cases() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'storage is read-only'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_cases();
                """);
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("anna@northwind.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Lights flicker in hall B");
        m.setText("Since Monday.");
        mail.send(m);
        await().atMost(Duration.ofSeconds(30)).until(() -> quarantine.list().size() == 1);
    }

    @AfterEach
    void stop() {
        app.close();
        mail.close();
    }

    @Test
    void replayedMailBecomesACaseOnceTheFaultIsFixed() {
        TestApp.execute(app, "DROP TRIGGER refuse ON cases");
        long id = quarantine.list().get(0).id();
        assertTrue(quarantine.requestReplay(id, "test:operator"));

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals("Lights flicker in hall B", Recorded.firstCase(app).subject());
        await().atMost(Duration.ofSeconds(10)).until(() -> quarantine.list().get(0).replayResult().startsWith("case "));
        Quarantine.Entry e = quarantine.list().get(0);
        assertEquals("test:operator", e.replayRequestedBy(), "who asked for the replay is kept");
        assertFalse(quarantine.requestReplay(id, "test:operator"), "a replayed mail is not replayed twice");
    }

    @Test
    void replayThatFailsAgainStaysInQuarantineWithTheNewReason() {
        long id = quarantine.list().get(0).id();
        assertTrue(quarantine.requestReplay(id, "test:operator"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "failed again".equals(quarantine.list().get(0).replayResult()));
        Quarantine.Entry e = quarantine.list().get(0);
        assertEquals(3, e.attempts());
        assertEquals(3, e.reasons().lines().count(), e.reasons());
        assertEquals(0, Recorded.casesOpened(app));
        assertTrue(quarantine.requestReplay(id, "test:operator"), "it can be asked for again");
    }
}

package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailedMailTest extends PipelineTest {
    private final AtomicInteger failedExchanges = new AtomicInteger();

    @Test
    void mailStaysOnServerWhileDatabaseIsDownAndBecomesACaseOnceItIsBack(@TempDir Path data) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data.resolve("pg"))
                .setCleanDataDirectory(false).start();
        try {
            app = Mail2CaseApp.start(TestApp.settings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", mail));
            countFailures();
            pg.close();

            mail.send(message("Heating is off in room 12"));
            await().atMost(Duration.ofSeconds(60)).until(() -> failedExchanges.get() >= 1);
            assertEquals(1, mail.inboxCounts(TestApp.SUPPORT)[1], "the mail is still unseen on the server");

            pg = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data.resolve("pg"))
                    .setCleanDataDirectory(false).start();
            await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.casesOpened(app) == 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
            assertEquals(0, Recorded.quarantined(app));
        } finally {
            app.close();
            app = null;
            pg.close();
        }
    }

    @Test
    void failingTransactionLeavesMailForNextPollAndSucceedsOnceTheFaultClears() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.account.support.max-attempts", "50");
        app = Mail2CaseApp.start(settings);
        countFailures();
        TestApp.execute(app, """
                CREATE FUNCTION refuse_cases() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'cases are refused for now'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_cases();
                """);

        mail.send(message("Window will not close"));
        await().atMost(Duration.ofSeconds(30)).until(() -> failedExchanges.get() >= 2);
        assertEquals(0, Recorded.mailsTakenIn(app), "the failed transaction left nothing behind");
        assertEquals(1, mail.inboxCounts(TestApp.SUPPORT)[1]);
        assertTrue(Recorded.triesOfFirstFailingMail(app) >= 2, "each failed try is counted");

        TestApp.execute(app, "DROP TRIGGER refuse ON cases");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(0, Recorded.mailsFailing(app), "a success clears the failure count");
    }

    @Test
    void mailThatKeepsFailingIsQuarantinedWithRawBytesAndReasonsAndThePollerGoesOn() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.account.support.max-attempts", "3");
        app = Mail2CaseApp.start(settings);
        TestApp.refusePoisonMail(app);

        mail.send(message("A poison mail"));
        mail.send(message("An ordinary request"));

        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.quarantined(app) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals("An ordinary request", Recorded.firstCase(app).subject());

        Recorded.Quarantined q = Recorded.firstQuarantined(app);
        assertEquals("A poison mail", q.subject());
        assertEquals(3, q.attempts());
        String reasons = q.reasons();
        assertEquals(3, reasons.lines().count(), "one line per failed try: " + reasons);
        assertTrue(reasons.lines().allMatch(l -> l.contains("this mail is poison")), reasons);
        assertTrue(new String(q.raw()).contains("Subject: A poison mail"), "raw bytes kept");
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(0, Recorded.mailsFailing(app));
    }

    private void countFailures() throws Exception {
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeFailedEvent) {
                    failedExchanges.incrementAndGet();
                }
            }
        };
        app.context().getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
    }

    private MimeMessage message(String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("ola@agency.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject(subject);
        m.setText("Please help.");
        return m;
    }

}

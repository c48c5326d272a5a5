package dev.mail2case.push;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.OAuthMailhost;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IMAP IDLE against the mail host's Dovecot: a mail becomes a case long before the next poll. */
class ImapIdleTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String support = "idle-" + run + "@mail2case.test";
    private final String client = "bob-" + run + "@client-two.test";
    private Mail2CaseApp app;

    @BeforeEach
    void mailhost() {
        OAuthMailhost.require();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private Properties settings(String pollDelayMs, boolean push) {
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", TestPostgres.newDatabase());
        p.setProperty("mail2case.db.user", "postgres");
        p.setProperty("mail2case.db.password", "");
        p.setProperty("mail2case.smtp.host", OAuthMailhost.HOST);
        p.setProperty("mail2case.smtp.port", Integer.toString(OAuthMailhost.SMTP));
        p.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
        p.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
        p.setProperty("mail2case.accounts", "support");
        String k = "mail2case.account.support.";
        p.setProperty(k + "protocol", "imap");
        p.setProperty(k + "host", OAuthMailhost.HOST);
        p.setProperty(k + "port", Integer.toString(OAuthMailhost.IMAP));
        p.setProperty(k + "username", support);
        p.setProperty(k + "password", OAuthMailhost.PASSWORD);
        p.setProperty(k + "address", support);
        p.setProperty(k + "poll-delay-ms", pollDelayMs);
        p.setProperty(k + "push", Boolean.toString(push));
        return p;
    }

    private long cases(String subject) {
        return Recorded.casesWithSubject(app, subject);
    }

    @Test
    void withIdleAMailBecomesACaseWithinSecondsThoughTheNextPollIsTenMinutesAway() throws Exception {
        app = Mail2CaseApp.start(settings("600000", true));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                app.accountStatus().get("support").reading().startsWith("push (IMAP IDLE)"));

        for (int i = 1; i <= 3; i++) {
            String subject = "Pushed " + i + " " + run;
            long sent = System.nanoTime();
            OAuthMailhost.send(client, support, subject, "Arrives by IDLE.");
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(() -> cases(subject) == 1);
            System.out.printf("IDLE: arrival to case %d ms%n", (System.nanoTime() - sent) / 1_000_000);
        }
        assertEquals(0, OAuthMailhost.unseen(support), "each pushed mail was flagged seen after its commit");
        assertTrue(app.accountStatus().get("support").reading().contains("poll imap every 600000 ms"),
                "polling goes on beside IDLE: " + app.accountStatus().get("support").reading());
    }

    @Test
    void idleReissuedEverySecondStillDeliversEachMailAtOnce() throws Exception {
        Properties p = settings("600000", true);
        p.setProperty("mail2case.account.support.idle-reissue-seconds", "1");
        app = Mail2CaseApp.start(p);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                app.accountStatus().get("support").reading().startsWith("push (IMAP IDLE)"));
        for (int i = 1; i <= 3; i++) {
            String subject = "Reissued " + i + " " + run;
            ImapIdle idle = app.context().getRegistry().lookupByNameAndType("pollScheduler-support",
                    PollScheduler.class).idle();
            long before = idle.idlesIssued();
            await().atMost(Duration.ofSeconds(20)).until(() -> idle.idlesIssued() >= before + 3);
            OAuthMailhost.send(client, support, subject, "x");
            await().atMost(Duration.ofSeconds(10)).until(() -> cases(subject) == 1);
        }
    }
}

package dev.mail2case.k8s;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two pollers on the same mailboxes (leader election switched off, as a misconfigured pair would run):
 * they race for every mail, and a lost race is neither a failure nor a reason for quarantine.
 */
class MailClaimTest extends PipelineTest {
    private static final int MAILS = 60;
    private Mail2CaseApp second;

    @AfterEach
    void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void replicasRacingForTheSameMailRecordItOnceAndCountNoFailure() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.cluster", "none");
        // Both mailboxes over IMAP, flagged seen: two sessions deleting in one GreenMail mailbox can
        // delete each other's mail by stale message numbers, the very thing one poller per account avoids.
        TestApp.account(settings, "requests", "imap", mail.imapPort(), TestApp.REQUESTS, "seen");
        // One counted failure would already quarantine the mail.
        settings.setProperty("mail2case.intake.max-attempts", "1");
        settings.setProperty("mail2case.account.support.max-messages-per-poll", "5");
        settings.setProperty("mail2case.account.requests.max-messages-per-poll", "5");
        Properties other = new Properties();
        other.putAll(settings);
        other.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
        other.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
        for (int i = 0; i < MAILS; i++) {
            mail.send("sender-" + i + "@example.org", i % 2 == 0 ? TestApp.SUPPORT : TestApp.REQUESTS,
                    "Request " + i, "Mail number " + i);
        }
        app = Mail2CaseApp.start(settings);
        second = Mail2CaseApp.start(other);

        await().atMost(Duration.ofSeconds(120)).until(() -> Recorded.mailsTakenIn(app) == MAILS
                && mail.inboxCounts(TestApp.REQUESTS)[1] == 0 && mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(MAILS, Recorded.casesOpened(app), "one case per mail");
        assertEquals(0, Recorded.mailsFailing(app), "a lost race is no failed try");
        assertEquals(0, Recorded.quarantined(app), "nothing with a case is quarantined");
        assertEquals(MAILS, Recorded.outboxMails(app, "acknowledgement"));
        assertEquals(MAILS, Recorded.mailsClaimed(app), "each mail claimed once");
    }
}

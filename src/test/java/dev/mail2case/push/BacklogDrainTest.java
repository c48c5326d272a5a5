package dev.mail2case.push;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A backlog drains at the pipeline's pace: a full poll is followed at once by the next, not after the delay. */
class BacklogDrainTest extends PipelineTest {

    @Test
    void aFullPollIsFollowedAtOnceByTheNextSoABacklogNeverWaitsForThePollDelay() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.accounts", "support");
        // Five mails a poll and a poll every ten minutes: without draining, only the first five would open today.
        settings.setProperty("mail2case.account.support.poll-delay-ms", "600000");
        settings.setProperty("mail2case.account.support.max-messages-per-poll", "5");
        for (int i = 1; i <= 12; i++) {
            mail.send("anna@northwind.example", TestApp.SUPPORT, "Request " + i, "Please help with " + i + ".");
        }
        app = Mail2CaseApp.start(settings);
        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.casesOpened(app) == 12);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(12, Recorded.distinctCaseSubjects(app), "every mail once");
    }
}

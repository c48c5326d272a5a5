package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Message-ID is only as unique as the clients that make them: another sender's mail is never lost. */
class ReusedMessageIdTest extends PipelineTest {

    private static byte[] mail(String from, String subject) {
        return ("From: " + from + "\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <1234@localhost>\r\n\r\nPlease help.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aNewMailFromAnotherSenderReusingAMessageIdOpensItsOwnCaseWhileTheSameSendersCopyIsLetGo() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        mail.sendRaw(mail("Anna <anna@client-one.test>", "Heating"), "anna@client-one.test", TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        mail.sendRaw(mail("Anna <ANNA@client-one.test>", "Heating"), "anna@client-one.test", TestApp.SUPPORT);
        mail.sendRaw(mail("marc@contoso.example", "Printer"), "marc@contoso.example", TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(List.of("Heating", "Printer"), Recorded.caseSubjects(app),
                "the same sender's second copy is the same mail");
    }
}

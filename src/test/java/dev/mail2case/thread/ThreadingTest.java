package dev.mail2case.thread;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static dev.mail2case.support.TestApp.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadingTest extends PipelineTest {
    private static final String ANNA = "anna@northwind.example";

    private void start(String... settings) throws Exception {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        for (int i = 0; i < settings.length; i += 2) {
            p.setProperty(settings[i], settings[i + 1]);
        }
        app = Mail2CaseApp.start(p);
        TestApp.execute(app, """
                INSERT INTO contacts (email, name, kind) VALUES ('ola@agency.example', 'Ola', 'EMPLOYEE');
                INSERT INTO jobs (number, default_assignee_id) SELECT 'GEN-1', id FROM contacts;
                INSERT INTO agency_settings (key, value) VALUES ('default_job', 'GEN-1');
                """);
    }

    /** Opens a case from Anna and returns its number once acknowledged. */
    private long openCase() throws Exception {
        send(message(ANNA, "Printer jams"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 1);
        return Recorded.firstCase(app).number();
    }

    @Test
    void replyWithCaseNumberBehindNestedPrefixesJoinsThatCase() throws Exception {
        start();
        long n = openCase();
        send(message(ANNA, "AW: RE: Odp: [#" + n + "] Printer jams"));

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsOnCases(app) == 2);
        assertEquals(1, Recorded.casesOpened(app));
        assertEquals(2, Recorded.comments(app));
        assertEquals("REPLY_ADDED", Recorded.latestMailTakenIn(app).outcome());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("ola@agency.example").length == 2);
        assertEquals(1, mail.receivedBy(ANNA).length, "a reply is not acknowledged again");
    }

    @Test
    void employeeWhoOpenedTheCaseIsCopiedOnRepliesButAClientIsNot() throws Exception {
        start();
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind, default_job_id) SELECT 'piotr@agency.example',"
                + " 'Piotr', 'EMPLOYEE', id FROM jobs");
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind) VALUES ('anna@northwind.example', 'Anna', "
                + "'CLIENT_CONTACT')");
        send(message("piotr@agency.example", "Monitor flickers"));
        send(message(ANNA, "Door sticks"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
        long internal = Recorded.firstCaseFrom(app, "piotr@agency.example").number();
        long external = Recorded.firstCaseFrom(app, ANNA).number();
        send(message("ola@agency.example", "Re: [#" + internal + "] Monitor flickers"));
        send(message("ola@agency.example", "Re: [#" + external + "] Door sticks"));

        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.mailsOnCases(app) == 4);
        await().atMost(Duration.ofSeconds(20)).until(() -> java.util.Arrays.stream(
                mail.receivedBy("piotr@agency.example")).anyMatch(m -> subject(m).contains("Reply from")));
        assertTrue(java.util.Arrays.stream(mail.receivedBy(ANNA)).noneMatch(m -> subject(m).contains("Reply from")),
                "the client who opened a case is not copied on internal communication");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    @Test
    void replyWithTheTokenEditedAwayThreadsByInReplyTo() throws Exception {
        start();
        openCase();
        MimeMessage ack = mail.receivedBy(ANNA)[0];
        MimeMessage reply = message(ANNA, "Re: the printer");
        reply.setHeader("In-Reply-To", ack.getMessageID());
        reply.setHeader("References", ack.getMessageID());
        send(reply);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsOnCases(app) == 2);
        assertEquals(1, Recorded.casesOpened(app));
        assertTrue(Recorded.latestMailTakenIn(app).outcomeDetail()
                .contains("References"));
    }

    @Test
    void foreignTicketTokenOpensANewCase() throws Exception {
        start();
        long n = openCase();
        send(message(ANNA, "Re: [Ticket#" + n + "] Printer jams"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
    }

    @Test
    void unknownCaseNumberOpensANewCaseThatRecordsTheReference() throws Exception {
        start();
        send(message(ANNA, "Re: [#99999] old matter"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals("[#99999]", Recorded.firstCase(app).unknownReference());
    }

    @Test
    void replyToAClosedCaseReopensItUnderTheReopenPolicy() throws Exception {
        start("mail2case.account.support.reply-to-closed", "reopen");
        long n = openCase();
        close(n, "1 hour");
        send(message(ANNA, "Re: [#" + n + "] still broken"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "OPEN".equals(status(n)));
        assertEquals(1, Recorded.casesOpened(app));
    }

    @Test
    void replyToAClosedCaseOpensANewLinkedCaseUnderTheNewLinkedPolicy() throws Exception {
        start("mail2case.account.support.reply-to-closed", "new-linked");
        long n = openCase();
        close(n, "1 hour");
        send(message(ANNA, "Re: [#" + n + "] again"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
        assertEquals("CLOSED", status(n));
        assertEquals((long) n, Recorded.linkedCaseNumbers(app).get(0).longValue());
    }

    @Test
    void replyToACaseClosedLongerThanTheWindowOpensALinkedCaseAndARecentOneReopens() throws Exception {
        start("mail2case.account.support.reply-to-closed", "reopen-within",
                "mail2case.account.support.reopen-within-days", "7");
        long n = openCase();
        close(n, "30 days");
        send(message(ANNA, "Re: [#" + n + "] a month later"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
        assertEquals("CLOSED", status(n));

        close(n, "2 days");
        send(message(ANNA, "Re: [#" + n + "] two days later"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "OPEN".equals(status(n)));
    }

    @Test
    void replyToAClosedCaseIsRefusedWithANoticeUnderTheRejectPolicy() throws Exception {
        start("mail2case.account.support.reply-to-closed", "reject");
        long n = openCase();
        close(n, "1 hour");
        send(message(ANNA, "Re: [#" + n + "] hello?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 2);
        assertTrue(TestMailServer.text(mail.receivedBy(ANNA)[1]).contains("is closed"));
        assertEquals(1, Recorded.mailsOnCases(app));
    }

    @Test
    void autoReplyJoinsAClosedCaseWithoutReopeningIt() throws Exception {
        start("mail2case.account.support.reply-to-closed", "reopen");
        long n = openCase();
        close(n, "1 hour");
        MimeMessage vacation = message(ANNA, "Automatic reply: [#" + n + "] Printer jams");
        vacation.setHeader("Auto-Submitted", "auto-replied");
        send(vacation);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsOnCases(app) == 2);
        assertEquals("CLOSED", status(n));
        assertNotNull(query(app, "SELECT automatic FROM case_messages ORDER BY id DESC").get(0)[0]);
    }

    @Test
    void replyFromSomeoneNotOnTheCaseIsAddedFlagged() throws Exception {
        start();
        long n = openCase();
        send(message("eve@elsewhere.example", "Re: [#" + n + "] me too"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsOnCases(app) == 2);
        assertEquals(1, Recorded.nonParticipantComments(app));
    }

    @Test
    void replyFromSomeoneNotOnTheCaseOpensANewCaseUnderTheNewCasePolicy() throws Exception {
        start("mail2case.account.support.non-participant", "new-case");
        long n = openCase();
        send(message("eve@elsewhere.example", "Re: [#" + n + "] me too"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
    }

    @Test
    void caseFloodBlocksAutomaticMailAboutThatCase() throws Exception {
        start("mail2case.case-flood.limit", "3");
        long n = openCase();
        for (int i = 1; i <= 4; i++) {
            send(message(ANNA, "Re: [#" + n + "] flood " + i));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.mailsOnCases(app) == 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> Recorded.caseBlocks(app) == 1);
        Recorded.Block block = Recorded.firstCaseBlock(app);
        assertEquals("flood", block.reason());
        assertEquals(12 * 3600, block.lastsSeconds().intValue(), "blocked for 12 hours");
        send(message(ANNA, "Re: [#" + n + "] flood 5"));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsWithStatus(app, "BLOCKED") == 1);
    }

    private void close(long number, String ago) {
        TestApp.execute(app, "UPDATE cases SET status = 'CLOSED', closed_at = now() - interval '" + ago
                + "' WHERE number = " + number);
    }

    private String status(long number) {
        return Recorded.caseNumbered(app, number).status();
    }

    private MimeMessage message(String from, String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject(subject, "UTF-8");
        m.setText("Text of " + subject, "UTF-8");
        return m;
    }

    private void send(MimeMessage m) throws Exception {
        mail.send(m);
    }
}

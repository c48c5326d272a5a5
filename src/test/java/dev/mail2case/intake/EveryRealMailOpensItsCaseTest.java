package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static dev.mail2case.support.TestApp.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Mail that once went to quarantine for the database's sake opens its case, and the sender hears of it. */
class EveryRealMailOpensItsCaseTest extends PipelineTest {

    private void start(Properties p) throws Exception {
        settings = p;
        app = Mail2CaseApp.start(p);
    }

    private void sendRaw(String raw) throws Exception {
        mail.sendRaw(raw.getBytes(StandardCharsets.UTF_8), "anna@client-one.test", TestApp.SUPPORT);
    }

    @Test
    void aSubjectOfThousandsOfCharactersIsStoredWholeAndAcknowledged() throws Exception {
        start(TestApp.settings(TestPostgres.newDatabase(), mail));
        String words = "Heizung im dritten Stock ausgefallen und niemand weiss warum ".repeat(60).trim();
        StringBuilder encoded = new StringBuilder();
        byte[] utf8 = ("Ärger: " + words).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i += 40) {
            byte[] chunk = java.util.Arrays.copyOfRange(utf8, i, Math.min(utf8.length, i + 40));
            encoded.append(i == 0 ? "" : "\r\n ").append("=?utf-8?b?")
                    .append(java.util.Base64.getEncoder().encodeToString(chunk)).append("?=");
        }
        sendRaw("From: Anna <anna@client-one.test>\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: " + encoded
                + "\r\nMessage-ID: <long-subject@client-one.test>\r\n\r\nSee subject.\r\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals("Ärger: " + words, Recorded.firstCase(app).subject());
        assertTrue(words.length() > 3000);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Recorded.outboxMails(app, "acknowledgement", "SENT") == 1);
        assertEquals(0, Recorded.quarantined(app));
    }

    @Test
    void nulCharactersAreLeftOutOfTheCaseAndKeptInTheRawMail() throws Exception {
        start(TestApp.settings(TestPostgres.newDatabase(), mail));
        String raw = "From: =?utf-8?q?Anna=00_Berg?= <anna@client-one.test>\r\nTo: " + TestApp.SUPPORT
                + "\r\nSubject: =?utf-8?q?Printer=00_jammed?=\r\nMessage-ID: <nul@client-one.test>\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "Paper=00 everywhere.\r\n";
        sendRaw(raw);
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        Object[] c = query(app, "SELECT c.subject, c.sender_name, m.body_text, i.defects, i.raw FROM cases c "
                + "JOIN case_messages m ON m.case_id = c.id JOIN inbound_mail i ON i.id = m.inbound_mail_id").get(0);
        assertEquals("Printer jammed", c[0]);
        assertEquals("Anna Berg", c[1]);
        assertTrue(((String) c[2]).contains("Paper everywhere."), (String) c[2]);
        assertTrue(((String) c[3]).contains("NUL"), (String) c[3]);
        assertTrue(new String((byte[]) c[4], StandardCharsets.ISO_8859_1).contains("Paper=00 everywhere."));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Recorded.outboxMails(app, "acknowledgement", "SENT") == 1);
    }

    @Test
    void aTemplateThatFailsLeavesTheCaseOpenedAndTheNoticeRecordedAsFailedWithWhy(@TempDir Path templates)
            throws Exception {
        Files.writeString(templates.resolve("acknowledgement.subject.ftl"), "${no.such.value}");
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.templates.dir", templates.toString());
        start(p);
        mail.send("anna@client-one.test", TestApp.SUPPORT, "Door lock broken", "Front door.");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.OutboxMail ack = Recorded.firstOutboxMail(app, "acknowledgement");
        assertEquals("FAILED", ack.status());
        assertTrue(ack.lastError().contains("acknowledgement could not be rendered"), ack.lastError());
        assertEquals("FAILED", Recorded.deliveryOutcomes(app, ack.id()).get(0));
        assertEquals(0, Recorded.quarantined(app));
        assertEquals(0, Recorded.mailsFailing(app));
        assertFalse(mail.receivedBy("anna@client-one.test").length > 0, "nothing half-rendered went out");
    }

    @Test
    void aRightToLeftOverrideInAnAttachmentNameCannotDisguiseItsType() throws Exception {
        start(TestApp.settings(TestPostgres.newDatabase(), mail));
        sendRaw("From: anna@client-one.test\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Invoice\r\n"
                + "Message-ID: <rlo@client-one.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
                + "See attached.\r\n--B\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEgnp.exe\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n--B--\r\n");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.attachments(app) == 1);
        Recorded.Attachment a = Recorded.attachmentsByName(app).get(0);
        assertEquals("invoicegnp.exe", a.filename(), "shows as what it is: an .exe");
        assertEquals("invoicegnp.exe", a.originalFilename());
        assertTrue(Recorded.firstMailTakenIn(app).defects().contains("text-direction"));
    }
}

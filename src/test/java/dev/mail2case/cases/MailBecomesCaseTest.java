package dev.mail2case.cases;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailBecomesCaseTest {
    private static final String CLIENT = "anna@northwind.example";

    private TestMailServer mail;
    private Mail2CaseApp app;

    @BeforeEach
    void start() throws Exception {
        mail = new TestMailServer();
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
    }

    @Test
    void imapAccountSetToMoveFilesTheMailInItsFolderAfterTheCaseIsOpened() throws Exception {
        app.close();
        java.util.Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.account.support.after-processing", "move");
        p.setProperty("mail2case.account.support.move-to", "Processed");
        app = Mail2CaseApp.start(p);
        mail.send(mailWithAttachments(TestApp.SUPPORT, "Move me", randomBytes(10, 7), randomBytes(10, 8)));

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[0] == 0);
        var user = mail.greenMail().getManagers().getUserManager().getUser(TestApp.SUPPORT);
        var processed = mail.greenMail().getManagers().getImapHostManager().getFolder(user, "Processed");
        assertEquals(1, processed.getMessageCount(), "the mail now lives in Processed");
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    @Test
    void imapMailWithTwoAttachmentsBecomesOneCaseWithBothAttachmentsAndAnAcknowledgement() throws Exception {
        byte[] pdf = randomBytes(70_000, 1);
        byte[] png = randomBytes(3_000, 2);
        MimeMessage sent = mailWithAttachments(TestApp.SUPPORT, "Invoice 4471 is wrong", pdf, png);
        mail.send(sent);

        assertOneAcknowledgedCaseWithAttachments("support", pdf, png, "Invoice 4471 is wrong");
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(1, mail.inboxCounts(TestApp.SUPPORT)[0], "after-processing 'seen' keeps the mail, flagged seen");
    }

    @Test
    void pop3MailWithTwoAttachmentsBecomesOneCaseWithBothAttachmentsAndAnAcknowledgement() throws Exception {
        byte[] pdf = randomBytes(50_000, 3);
        byte[] zip = randomBytes(12_345, 4);
        mail.send(mailWithAttachments(TestApp.REQUESTS, "New laptop for Ola", pdf, zip));

        assertOneAcknowledgedCaseWithAttachments("requests", pdf, zip, "New laptop for Ola");
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.inboxCounts(TestApp.REQUESTS)[0] == 0);
    }

    @Test
    void oversizedAttachmentIsReplacedByAPlaceholderAndTheSenderIsToldWhich() throws Exception {
        app.close();
        java.util.Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.account.support.max-part-mb", "1");
        app = Mail2CaseApp.start(p);
        byte[] big = randomBytes(1_500_000, 9);
        byte[] small = randomBytes(2_000, 10);
        mail.send(mailWithAttachments(TestApp.SUPPORT, "Scans of the contract", big, small));

        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        List<Recorded.Attachment> files = Recorded.attachmentsByName(app);
        assertEquals(2, files.size(), "the small file and a placeholder for the big one");
        assertTrue(files.stream().allMatch(f -> f.size() < 100_000), "no part over the limit kept");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT).length == 2);
        MimeMessage notice = java.util.Arrays.stream(mail.receivedBy(CLIENT))
                .filter(m -> { try { return m.getSubject().contains("Not all"); } catch (Exception e) { return false; } })
                .findFirst().orElseThrow();
        assertTrue(TestMailServer.text(notice).contains("a-first.bin"), "the notice names the part");
    }

    @Test
    void sameMessageIdDeliveredTwiceGivesOneCase() throws Exception {
        MimeMessage first = mailWithAttachments(TestApp.SUPPORT, "Door lock broken", randomBytes(100, 5),
                randomBytes(100, 6));
        first.saveChanges();
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        first.writeTo(raw);
        mail.sendRaw(raw.toByteArray(), CLIENT, TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        mail.sendRaw(raw.toByteArray(), CLIENT, TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0
                && mail.inboxCounts(TestApp.SUPPORT)[0] == 2);
        assertEquals(1, Recorded.casesOpened(app));
        assertEquals(1, Recorded.mailsTakenIn(app));
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.receivedBy(CLIENT).length == 1);
    }

    @Test
    void mailWithoutMessageIdIsKeyedByItsContent() throws Exception {
        String raw = "From: " + CLIENT + "\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: no id here\r\n\r\nbody\r\n";
        mail.greenMail().getManagers().getImapHostManager().getInbox(
                mail.greenMail().getManagers().getUserManager().getUser(TestApp.SUPPORT))
                .store(new MimeMessage(Session.getInstance(new java.util.Properties()),
                        new ByteArrayInputStream(raw.getBytes())));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        String key = Recorded.firstMailTakenIn(app).idempotencyKey();
        assertTrue(key.startsWith("sha256:"), "key is a content hash: " + key);
    }

    private void assertOneAcknowledgedCaseWithAttachments(String account, byte[] first, byte[] second, String subject)
            throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        long number = c.number();
        assertEquals(account, c.account());
        assertEquals(subject, c.subject());
        assertEquals(CLIENT, c.senderAddress());

        List<Recorded.Attachment> files = Recorded.attachmentsByName(app);
        assertEquals(2, files.size());
        assertArrayEquals(first, files.get(0).content(), "first attachment byte-identical");
        assertArrayEquals(second, files.get(1).content(), "second attachment byte-identical");

        String comment = Recorded.commentBodies(app).get(0);
        assertTrue(comment.contains("Please have a look"), "body text is the first comment");

        byte[] raw = Recorded.firstMailTakenIn(app).raw();
        MimeMessage stored = new MimeMessage(Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(raw));
        assertEquals(subject, stored.getSubject(), "the raw mail is stored and parses back");

        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT).length == 1);
        MimeMessage ack = mail.receivedBy(CLIENT)[0];
        assertTrue(ack.getSubject().contains("[#" + number + "]"), "case number in subject: " + ack.getSubject());
        assertEquals("auto-replied", ack.getHeader("Auto-Submitted", null));
        assertTrue(ack.getMessageID().contains("case-" + number + "."), "Message-ID names the case");
        await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(Recorded.firstOutboxMail(app).status()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Recorded.deliveryAttempts(app, "SENT") == 1);
    }

    private MimeMessage mailWithAttachments(String to, String subject, byte[] first, byte[] second) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(CLIENT, "Anna Nowak"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText("Hello,\n\nPlease have a look at the attached files.\n\nAnna\n", "UTF-8");
        mixed.addBodyPart(body);
        mixed.addBodyPart(attachment("a-first.bin", first));
        mixed.addBodyPart(attachment("b-second.bin", second));
        m.setContent(mixed);
        return m;
    }

    private static BodyPart attachment(String name, byte[] bytes) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(bytes, "application/octet-stream")));
        part.setFileName(name);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

}

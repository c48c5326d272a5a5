package dev.mail2case.notify;

import dev.mail2case.cases.CaseEvents;
import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static dev.mail2case.support.TestApp.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CaseReportTest {
    private static final String CLIENT = "anna@northwind.example";
    private static final String SUBJECT = "Fuite d'eau à la cuisine <urgent> & łazienka zalana";

    private TestMailServer mail;
    private Mail2CaseApp app;
    private final CaseReport report = new CaseReport(new Templates(null));

    @BeforeEach
    void start() throws Exception {
        mail = new TestMailServer();
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    @Test
    void reportOfAClosedCaseShowsItsFactsEveryCommentInOrderItsAttachmentsAndEvents() throws Exception {
        new OrganisationImport(app.database()).importYaml(fixture());
        MimeMessage first = message(CLIENT, "Anna Nowak", SUBJECT,
                "Dzień dobry,\nwoda cieknie spod zlewu.\n\nMerci beaucoup, Anna");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Dzień dobry,\nwoda cieknie spod zlewu.\n\nMerci beaucoup, Anna", "UTF-8");
        mixed.addBodyPart(text);
        mixed.addBodyPart(file("leak-photo.jpg", new byte[2048]));
        mixed.addBodyPart(file("zdjęcie-łazienki.jpg", new byte[10]));
        first.setContent(mixed);
        mail.send(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        long id = c.id();
        long number = c.number();

        mail.send(message(CLIENT, "Anna Nowak", "Re: [#" + number + "] " + SUBJECT, "Still leaking. Cześć!"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.comments(app) == 2);
        app.context().getRegistry().lookupByNameAndType("caseEvents", CaseEvents.class).close(number, "api:alice");

        OffsetDateTime at = OffsetDateTime.of(2025, 3, 14, 9, 30, 0, 0, ZoneOffset.UTC);
        long attachment = app.database().inTransaction(em -> report.attach(em, id, at));

        Object[] row = query(app, "SELECT case_id, case_message_id, filename, original_filename, content_type, size, "
                + "content_id, inline, sha256, content FROM attachments WHERE id = ?", attachment).get(0);
        byte[] pdf = (byte[]) row[9];
        assertEquals(id, ((Number) row[0]).longValue());
        assertNull(row[1], "the report belongs to no mail");
        assertEquals("case-" + number + "-report.pdf", row[2]);
        assertEquals("application/pdf", row[4]);
        assertEquals(pdf.length, ((Number) row[5]).longValue());
        assertEquals(Boolean.FALSE, row[7]);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)), row[8]);

        String t = text(pdf);
        assertTrue(t.contains("[#" + number + "]"), t);
        assertTrue(t.contains(SUBJECT), "subject, escaped markup shown as text: " + t);
        assertTrue(t.contains("CLOSED"), t);
        assertTrue(t.contains("Northwind Traders"), "client: " + t);
        assertTrue(t.contains("Ola Kowalska <ola@agency.example>"), "assignee: " + t);
        assertTrue(t.contains("Anna Nowak <" + CLIENT + ">"), "sender: " + t);
        assertTrue(t.contains("2025-03-14 09:30 UTC"), "the report's time: " + t);
        assertTrue(t.contains("Dzień dobry,\nwoda cieknie spod zlewu.\n"), "line breaks kept: " + t);
        assertTrue(t.indexOf("Merci beaucoup, Anna") < t.indexOf("Still leaking. Cześć!"), "comments oldest first");
        for (Object[] f : query(app, "SELECT filename FROM attachments WHERE id <> ?", attachment)) {
            assertTrue(t.contains((String) f[0]), "attachment " + f[0] + " listed: " + t);
        }
        assertTrue(t.contains("zdjęcie-łazienki.jpg"), t);
        assertTrue(t.contains("2.0 KB"), "sizes: " + t);
        assertTrue(t.contains("case-closed") && t.contains("api:alice"), "events: " + t);
        String withoutToken = t.replace("[#" + number + "]", "");
        assertFalse(withoutToken.contains("#"), "no letter fell back to the replacement '#': " + withoutToken);
    }

    @Test
    void caseWithoutClientAssigneeOrClosingRendersWithThoseMarkedNone() throws Exception {
        mail.send(message("stranger@elsewhere.example", null, "Question", "Hello?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        long id = Recorded.firstCase(app).id();
        assertEquals(0, Recorded.casesWithClientOrAssignee(app));

        String t = text(app.database().inTransaction(em -> report.render(report.model(em, id))));
        assertTrue(t.contains("Client none"), t);
        assertTrue(t.contains("Assignee none"), t);
        assertTrue(t.contains("Closed not closed"), t);
        assertTrue(t.contains("Sender <stranger@elsewhere.example>"), t);
        assertTrue(t.contains("Hello?"), t);
        assertThrows(NoSuchElementException.class,
                () -> app.database().inTransaction(em -> report.model(em, id + 1000)));
    }

    @Test
    void controlCharactersThatXmlForbidsAreDroppedFromTheReportNotFatal() throws Exception {
        mail.send(message(CLIENT, null, "Printer", "placeholder"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        long id = Recorded.firstCase(app).id();
        TestApp.execute(app, "UPDATE case_comments SET body = E'page one\\fpage two \\x1b[1mbold\\x07'");

        String t = text(app.database().inTransaction(em -> report.render(report.model(em, id))));
        assertTrue(t.contains("page onepage two [1mbold"), t);
    }

    @Test
    void commentLongerThanTheLimitIsCutInTheReportWithANoteSayingHowMuchIsLeftOut() throws Exception {
        mail.send(message(CLIENT, null, "Log file", "placeholder"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        long id = Recorded.firstCase(app).id();
        int length = CaseReport.MAX_COMMENT_CHARS + 13_000;
        TestApp.execute(app, "UPDATE case_comments SET body = repeat('log line ' || chr(10), " + length / 10 + ")");

        Map<String, Object> model = app.database().inTransaction(em -> report.model(em, id));
        @SuppressWarnings("unchecked")
        Map<String, Object> comment = ((List<Map<String, Object>>) model.get("comments")).get(0);
        assertEquals(CaseReport.MAX_COMMENT_CHARS, ((String) comment.get("text")).length());
        assertEquals(length - CaseReport.MAX_COMMENT_CHARS, comment.get("omitted"));
        String t = text(report.render(model));
        assertTrue(t.contains("(" + (length - CaseReport.MAX_COMMENT_CHARS) + " more characters not shown here"), t);
    }

    private MimeMessage message(String from, String name, String subject, String body) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(from, name, "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject(subject, "UTF-8");
        m.setText(body, "UTF-8");
        return m;
    }

    private static MimeBodyPart file(String name, byte[] bytes) throws Exception {
        MimeBodyPart part = new MimeBodyPart();
        part.setContent(bytes, "application/octet-stream");
        part.setFileName(name);
        part.setDisposition(MimeBodyPart.ATTACHMENT);
        return part;
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setLineSeparator("\n");
            return stripper.getText(doc);
        }
    }

    private static String fixture() throws Exception {
        try (var in = CaseReportTest.class.getResourceAsStream("/organisation/every-assignment-path.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

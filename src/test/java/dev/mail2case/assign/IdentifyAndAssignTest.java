package dev.mail2case.assign;

import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.config.SettingException;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifyAndAssignTest extends PipelineTest {

    private void start(Properties extra) throws Exception {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.account.support.domain-match", "true");
        p.setProperty("mail2case.account.requests.unknown-senders", "reject");
        p.putAll(extra);
        app = Mail2CaseApp.start(p);
        new OrganisationImport(app.database()).importYaml(fixture());
    }

    private static String fixture() throws Exception {
        try (var in = IdentifyAndAssignTest.class.getResourceAsStream("/organisation/every-assignment-path.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void clientContactsCaseGoesToTheClientsDefaultJobAndTheAssigneeGetsTheAttachments() throws Exception {
        start(new Properties());
        MimeMessage m = message("anna@northwind.example", TestApp.SUPPORT, "Broken hinge");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("See photo.");
        MimeBodyPart photo = new MimeBodyPart();
        photo.setContent(new byte[]{1, 2, 3, 4}, "application/octet-stream");
        photo.setFileName("hinge.jpg");
        mixed.addBodyPart(text);
        mixed.addBodyPart(photo);
        m.setContent(mixed);
        mail.send(m);

        Object[] c = caseRow();
        assertEquals("NW-200", c[0]);
        assertEquals("02", c[1]);
        assertEquals("ola@agency.example", c[2]);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("ola@agency.example").length == 1);
        MimeMessage notice = mail.receivedBy("ola@agency.example")[0];
        assertTrue(notice.getSubject().contains("New case for you"), notice.getSubject());
        Multipart parts = (Multipart) notice.getContent();
        assertEquals("hinge.jpg", parts.getBodyPart(1).getFileName(), "the assignee gets the case's attachments");
    }

    @Test
    void plusAddressedSenderIsTheSameContact() throws Exception {
        start(new Properties());
        mail.send(message("Anna+Billing@Northwind.example", TestApp.SUPPORT, "Invoice"));
        assertEquals("NW-200", caseRow()[0]);
        assertEquals(0L, Recorded.unregisteredCases(app));
    }

    @Test
    void unknownPersonAtAClientsDomainBelongsToThatClient() throws Exception {
        start(new Properties());
        mail.send(message("bob@northwind.example", TestApp.SUPPORT, "Question"));
        assertEquals("NW-200", caseRow()[0]);
        assertEquals("Northwind Traders", Recorded.firstCase(app).clientName());
    }

    @Test
    void employeeWithNeitherJobNorOfficeGetsTheNoOfficeFailureMailAndNoCase() throws Exception {
        start(new Properties());
        mail.send(message("kasia@agency.example", TestApp.REQUESTS, "Holiday form"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("kasia@agency.example").length == 1);
        assertTrue(TestMailServer.text(mail.receivedBy("kasia@agency.example")[0]).contains("no office assigned"));
        assertEquals(0L, Recorded.casesOpened(app));
        assertEquals("REJECTED", Recorded.firstMailTakenIn(app).outcome());
    }

    @Test
    void employeeWithAnOfficeGoesToTheOfficesDefaultAssignee() throws Exception {
        start(new Properties());
        mail.send(message("piotr@agency.example", TestApp.REQUESTS, "Chair broken"));
        Object[] c = caseRow();
        assertEquals("ola@agency.example", c[2]);
        assertEquals("Warsaw office", Recorded.firstCase(app).officeName());
    }

    @Test
    void unknownSenderOnARejectingAccountIsToldWhyAndGetsNoCase() throws Exception {
        start(new Properties());
        mail.send(message("stranger@mailbox.example", TestApp.REQUESTS, "Fix my fence"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("stranger@mailbox.example").length == 1);
        String text = TestMailServer.text(mail.receivedBy("stranger@mailbox.example")[0]);
        assertTrue(text.contains("is not registered"), text);
        assertEquals(0L, Recorded.casesOpened(app));
    }

    @Test
    void unknownSenderOnAnAcceptingAccountOpensACaseFlaggedUnregisteredAndIsAcknowledged() throws Exception {
        start(new Properties());
        mail.send(message("stranger@mailbox.example", TestApp.SUPPORT, "Do you service AC?"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("stranger@mailbox.example").length == 1);
        assertEquals(1L, Recorded.unregisteredCases(app));
        assertTrue(mail.receivedBy("stranger@mailbox.example")[0].getSubject().startsWith("[#"));
    }

    @Test
    void unknownSenderOnAnIgnoringAccountIsKeptWithoutCaseOrMail() throws Exception {
        Properties p = new Properties();
        p.setProperty("mail2case.account.requests.unknown-senders", "ignore");
        start(p);
        mail.send(message("stranger@mailbox.example", TestApp.REQUESTS, "Spam offer"));
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.mailsTakenIn(app) == 1);
        assertEquals("IGNORED", Recorded.firstMailTakenIn(app).outcome());
        assertEquals(0L, Recorded.casesOpened(app));
        assertEquals(0L, Recorded.outboxMails(app));
    }

    @Test
    void tenantIsUnknownOnAnAccountThatDoesNotAcceptTenants() throws Exception {
        Properties p = new Properties();
        p.setProperty("mail2case.account.requests.accepts", "employees");
        start(p);
        mail.send(message("lea@tenants.example", TestApp.REQUESTS, "Leak"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("lea@tenants.example").length == 1);
        assertEquals(0L, Recorded.casesOpened(app));
    }

    @Test
    void routingRuleOverridesTheChain(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                - name: facilities
                  when: {subject: "hinge|door"}
                  set: {job: FAC-1, queue: Facilities}
                """);
        Properties p = new Properties();
        p.setProperty("mail2case.routing-rules", rules.toString());
        start(p);
        mail.send(message("anna@northwind.example", TestApp.SUPPORT, "Door hinge"));
        Object[] c = caseRow();
        assertEquals("FAC-1", c[0]);
        assertEquals("piotr@agency.example", c[2], "the rule's job brings its default assignee");
        assertEquals("Facilities", c[3]);
        assertTrue(((String) c[4]).contains("rule 'facilities'"), (String) c[4]);
    }

    @Test
    void accountWithAnEmployeesAddressIsRefusedAtStartUp() throws Exception {
        start(new Properties());
        String url = query(app, "SELECT current_database()").get(0)[0].toString();
        app.close();
        app = null;
        Properties p = TestApp.settings(TestPostgres.newDatabase().replaceAll("/[^/]+$", "/" + url), mail);
        p.setProperty("mail2case.account.support.address", "Ola@agency.example");
        SettingException e = TestApp.startUpRefused(p);
        assertEquals("mail2case.account.support.address", e.setting());
        assertTrue(e.getMessage().contains("Ola Kowalska"), e.getMessage());
    }

    @Test
    void importingAgainUpdatesAndNeverDuplicates() throws Exception {
        start(new Properties());
        OrganisationImport importer = new OrganisationImport(app.database());
        importer.importYaml(fixture().replace("name: Anna Nowak", "name: Anna Nowak-Kowal"));
        assertEquals(5L, Recorded.contacts(app));
        assertEquals("Anna Nowak-Kowal", Recorded.contactName(app, "anna@northwind.example"));
        importer.importContactsCsv("kind,email,name,client\nclient,ANNA@northwind.example,Anna N.,Northwind Traders\n");
        assertEquals(5L, Recorded.contacts(app));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> importer.importContactsCsv("kind,email,client\nclient,x@y.example,No Such Client\n"));
        assertTrue(bad.getMessage().contains("No Such Client"), bad.getMessage());
        assertEquals(5L, Recorded.contacts(app), "a failed import writes nothing");
    }

    /** job number, component, assignee address, queue, assignment explanation of the one case. */
    private Object[] caseRow() {
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        return new Object[]{c.job(), c.component(), c.assigneeAddress(), c.queue(), c.assignment()};
    }

    private MimeMessage message(String from, String to, String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        m.setText("Text of " + subject);
        return m;
    }
}

package dev.mail2case.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mail2case.Inspect;
import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.mail.InspectJson;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectExplainTest {
    private final TestMailServer mail = new TestMailServer();
    private Properties settings;

    @AfterEach
    void clear() {
        if (settings != null) {
            settings.stringPropertyNames().forEach(System::clearProperty);
        }
        mail.close();
    }

    private JsonNode inspect(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Inspect.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, status, out.toString(StandardCharsets.UTF_8));
        return InspectJson.MAPPER.readTree(out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
    }

    /** A DSN file from mx.example.net about one recipient. */
    private static Path dsn(Path dir, String subject, String text, String recipient, String action, String status,
                            String diagnostic) throws java.io.IOException {
        return Files.writeString(dir.resolve(action + ".eml"), "From: MAILER-DAEMON@mx.example.net\r\n"
                + "To: support@mail2case.test\r\nSubject: " + subject + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\nAction: " + action + "\r\nStatus: " + status + "\r\n"
                + "Diagnostic-Code: smtp; " + diagnostic + "\r\n--B--\r\n");
    }

    @Test
    void inspectFindsOurCaseNumberInTheSubjectAndOnlyOurs(@TempDir Path dir) throws Exception {
        Path reply = dir.resolve("reply.eml");
        Files.writeString(reply, "From: a@b.example\r\nSubject: AW: RE: [#1042] Printer\r\n\r\nok\r\n");
        assertEquals("1042", inspect(reply.toString()).path("caseNumber").asText());
        Path foreign = dir.resolve("foreign.eml");
        Files.writeString(foreign, "From: a@b.example\r\nSubject: Re: [Ticket#1042] Printer\r\n\r\nok\r\n");
        assertTrue(inspect(foreign.toString()).path("caseNumber").isNull());
    }

    @Test
    void inspectNamesABouncesKindReasonAndFailedRecipient(@TempDir Path dir) throws Exception {
        Path dsn = dsn(dir, "Undelivered Mail Returned to Sender", "Your message could not be delivered.",
                "gone@shop.example", "failed", "5.1.1", "550 5.1.1 User unknown");
        JsonNode json = inspect(dsn.toString());
        assertEquals("bounce", json.path("kind").asText());
        assertEquals("userunknown", json.path("bounce").path("reason").asText());
        assertEquals("gone@shop.example", json.path("bounce").path("recipients").path(0).asText());
        assertTrue(json.path("bounce").path("permanent").asBoolean());
        JsonNode failure = json.path("bounce").path("failures").path(0);
        assertEquals("gone@shop.example", failure.path("recipient").asText(), json.toString());
        assertEquals("userunknown", failure.path("reason").asText());
        assertEquals("5.1.1", failure.path("status").asText());
    }

    @Test
    void inspectShowsADelayAsADeliveryReportWithItsCauseNotPermanent(@TempDir Path dir) throws Exception {
        Path dsn = dsn(dir, "Delivery Status Notification (Delay)", "THIS IS A WARNING MESSAGE ONLY.",
                "slow@shop.example", "delayed", "4.2.2", "452 4.2.2 Mailbox full, try again later");
        JsonNode json = inspect(dsn.toString());
        assertEquals("delivery-report", json.path("kind").asText());
        assertEquals("mailboxfull", json.path("bounce").path("reason").asText());
        assertEquals("4.2.2", json.path("bounce").path("status").asText());
        assertEquals("slow@shop.example", json.path("bounce").path("recipients").path(0).asText());
        assertTrue(json.path("bounce").path("diagnostic").asText().contains("Mailbox full"));
        assertTrue(!json.path("bounce").path("permanent").asBoolean());
    }

    @Test
    void explainNamesTheContactTheDecisionAndTheRuleBehindTheTargetAndAssignee(@TempDir Path dir) throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
            try (var in = getClass().getResourceAsStream("/organisation/every-assignment-path.yaml")) {
                new OrganisationImport(app.database()).importYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        settings.forEach((k, v) -> System.setProperty((String) k, (String) v));
        Path file = dir.resolve("anna.eml");
        Files.writeString(file, "From: Anna <anna+billing@northwind.example>\r\nTo: " + TestApp.SUPPORT
                + "\r\nSubject: Broken hinge\r\nMessage-ID: <x1@northwind.example>\r\n\r\nPlease fix.\r\n");

        JsonNode explain = inspect("--explain", "--account=support", file.toString()).path("explain");
        assertEquals("CLIENT_CONTACT", explain.path("contact").path("kind").asText());
        assertEquals("Northwind Traders", explain.path("contact").path("client").asText());
        assertEquals("accept", explain.path("decision").asText());
        assertEquals("NW-200", explain.path("assignment").path("job").asText());
        assertEquals("ola@agency.example", explain.path("assignment").path("assignee").asText());
        assertTrue(explain.path("assignment").path("because").asText().contains("client's default job"),
                explain.toString());
        assertEquals(TestApp.SUPPORT, explain.path("originalRecipient").asText());
    }

    @Test
    void explainShowsTheSenderTrustVerdictAndWhatTheAccountDoesWithIt(@TempDir Path dir) throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.account.support.authserv-id", "mx.our.example");
        settings.setProperty("mail2case.account.support.unverified-sender", "refused");
        try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
            try (var in = getClass().getResourceAsStream("/organisation/every-assignment-path.yaml")) {
                new OrganisationImport(app.database()).importYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        settings.forEach((k, v) -> System.setProperty((String) k, (String) v));
        String mail = "From: Anna <anna@northwind.example>\r\nTo: " + TestApp.SUPPORT
                + "\r\nSubject: New bank account\r\nMessage-ID: <x2@northwind.example>\r\n\r\nPay here.\r\n";
        Path forged = Files.writeString(dir.resolve("forged.eml"), "Authentication-Results: mx.our.example;\r\n"
                + "  dmarc=fail (p=reject) header.from=northwind.example\r\n" + mail);
        JsonNode explain = inspect("--explain", "--account=support", forged.toString()).path("explain");
        assertEquals("fail", explain.path("senderTrust").path("result").asText(), explain.toString());
        assertEquals("dmarc=fail for northwind.example", explain.path("senderTrust").path("why").asText());
        assertEquals("refused", explain.path("senderTrust").path("policy").asText());
        assertEquals("REJECT", explain.path("outcome").asText());
        assertTrue(explain.path("refusal").asText().contains("could not confirm"), explain.toString());

        Path plain = Files.writeString(dir.resolve("plain.eml"), mail);
        JsonNode none = inspect("--explain", "--account=support", plain.toString()).path("explain");
        assertEquals("none", none.path("senderTrust").path("result").asText());
        assertEquals("no Authentication-Results header from mx.our.example", none.path("senderTrust").path("why").asText());
        assertEquals("accept", none.path("decision").asText(), "no verdict: matched as before");
    }

    @Test
    void explainRunsTheRouteFilesSoAStageAddedInTheRoutesFolderDecidesAndShowsAndNothingIsWritten(@TempDir Path dir)
            throws Exception {
        Path routes = Files.createDirectory(dir.resolve("routes"));
        // The contact lookup now asks a directory stage of its own, which knows nobody.
        Files.writeString(routes.resolve("45-lookup-contact.camel.yaml"), """
                - route:
                    id: lookup-contact
                    from:
                      uri: direct:lookup-contact
                      steps:
                        - to:
                            uri: direct:directory-lookup
                """);
        Files.writeString(routes.resolve("46-directory-lookup.camel.yaml"), """
                - route:
                    id: directory-lookup
                    from:
                      uri: direct:directory-lookup
                      steps:
                        - setBody:
                            constant: ""
                """);
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        long before;
        try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
            try (var in = getClass().getResourceAsStream("/organisation/every-assignment-path.yaml")) {
                new OrganisationImport(app.database()).importYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            before = Recorded.rowsWritten(app);
        }
        settings.setProperty("mail2case.routes.dir", routes.toString());
        settings.forEach((k, v) -> System.setProperty((String) k, (String) v));
        Path file = dir.resolve("anna.eml");
        Files.writeString(file, "From: Anna <anna+billing@northwind.example>\r\nTo: " + TestApp.SUPPORT
                + "\r\nSubject: Broken hinge\r\nMessage-ID: <x2@northwind.example>\r\n\r\nPlease fix.\r\n");

        JsonNode explain = inspect("--explain", "--account=support", file.toString()).path("explain");
        List<String> stages = new java.util.ArrayList<>();
        explain.path("stages").forEach(n -> stages.add(n.asText()));
        assertTrue(stages.containsAll(List.of("intake", "screen", "identify", "thread", "assign", "record")),
                explain.toString());
        assertTrue(stages.contains("directory-lookup"), "the added stage ran: " + explain);
        assertTrue(explain.path("contact").isNull(), "the directory stage knows nobody: " + explain);
        assertEquals("accept-unregistered", explain.path("decision").asText());
        assertEquals("NEW_CASE_UNREGISTERED", explain.path("outcome").asText());

        Path bounce = dsn(dir, "Undelivered Mail Returned to Sender", "Your message could not be delivered.",
                "gone@shop.example", "failed", "5.1.1", "550 5.1.1 User unknown");
        JsonNode bounced = inspect("--explain", bounce.toString()).path("explain");
        List<String> bounceStages = new java.util.ArrayList<>();
        bounced.path("stages").forEach(n -> bounceStages.add(n.asText()));
        assertEquals(List.of("intake", "screen"), bounceStages, "a bounce opens no case: " + bounced);

        try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
            assertEquals(before, Recorded.rowsWritten(app), "explaining a mail writes nothing");
        }
    }
}

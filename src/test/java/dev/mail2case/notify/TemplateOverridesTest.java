package dev.mail2case.notify;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class TemplateOverridesTest {
    private static final String HOSTILE_SUBJECT = "<b>Heizung</b> & \"Wasser\" 'kalt'";

    @TempDir
    Path root;

    private Path write(String name, String content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** A made-up event, so the shipped templates play no part; each level's subject names the level. */
    private Templates probeLevels() throws IOException {
        write("probe.txt.ftl", "text");
        write("probe.subject.ftl", "base");
        write("pl/probe.subject.ftl", "language pl");
        write("regions/EU-North/probe.subject.ftl", "region");
        write("regions/EU-North/pl/probe.subject.ftl", "region pl");
        write("accounts/support/probe.subject.ftl", "account");
        write("accounts/support/pl/probe.subject.ftl", "account pl");
        return new Templates(root.toString());
    }

    private static String subject(Templates t, String account, String region, String language) {
        return t.render("probe", Map.of(), new Templates.Scope(account, region, language)).subject();
    }

    @Test
    void accountBeatsRegionWhichBeatsLanguageWhichBeatsBase() throws IOException {
        Templates t = probeLevels();
        assertEquals("account pl", subject(t, "support", "EU-North", "pl"));
        assertEquals("account", subject(t, "support", "EU-North", "fr"));
        assertEquals("account", subject(t, "support", null, null));
        assertEquals("region pl", subject(t, "requests", "EU-North", "pl"));
        assertEquals("region", subject(t, "requests", "EU-North", null));
        assertEquals("language pl", subject(t, "requests", "South", "pl"));
        assertEquals("base", subject(t, "requests", "South", "de"));
        assertEquals("base", t.render("probe", Map.of()).subject(), "no scope: the base folder only");
    }

    @Test
    void eachFileFallsBackOnItsOwnSoOverridingOnlyTheSubjectKeepsTheShippedTextAndHtml() throws IOException {
        write("accounts/support/acknowledgement.subject.ftl", "Support: ${caseToken} ${subject}");
        Templates t = new Templates(root.toString());
        Map<String, Object> model = acknowledgementModel(true, "Heating");
        Templates.Rendered overridden = t.render("acknowledgement", model, new Templates.Scope("support", null, null));
        Templates.Rendered base = t.render("acknowledgement", model);
        assertEquals("Support: [#1042] Heating", overridden.subject());
        assertEquals("[#1042] Heating", base.subject());
        assertEquals(base.text(), overridden.text());
        assertEquals(base.html(), overridden.html());
        assertNotNull(base.html());
    }

    @Test
    void anOverrideAddedWhileRunningIsUsedForTheNextMailsWithoutARestart() throws IOException {
        Path dir = Files.createDirectories(root.resolve("templates"));
        Templates t = new Templates(dir.toString());
        Map<String, Object> model = acknowledgementModel(true, "Heating");
        Templates.Scope support = new Templates.Scope("support", null, null);
        assertEquals("[#1042] Heating", t.render("acknowledgement", model, support).subject());

        write("templates/accounts/support/acknowledgement.subject.ftl", "Support: ${caseToken}");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                assertEquals("Support: [#1042]", t.render("acknowledgement", model, support).subject()));
        assertEquals("[#1042] Heating", t.render("acknowledgement", model).subject(), "other scopes keep the base");
    }

    @Test
    void languageTagFallsBackFromLanguageAndCountryToLanguageAndIgnoresMalformedTags() throws IOException {
        write("probe.txt.ftl", "text");
        write("probe.subject.ftl", "base");
        write("pl/probe.subject.ftl", "pl");
        write("pt-br/probe.subject.ftl", "pt-br");
        Templates t = new Templates(root.toString());
        assertEquals("pl", subject(t, null, null, "pl-PL"));
        assertEquals("pl", subject(t, null, null, "pl_PL"));
        assertEquals("pl", subject(t, null, null, " PL "));
        assertEquals("pt-br", subject(t, null, null, "pt-BR"));
        assertEquals("base", subject(t, null, null, "pt"), "a country folder is not used for the bare language");
        assertEquals("base", subject(t, null, null, "pl/../pl"));
        assertEquals("base", subject(t, null, null, "polski"));
        assertEquals(List.of("pl-pl", "pl"), Templates.languages("pl-PL"));
        assertEquals(List.of("zh-hant-tw", "zh-hant", "zh"), Templates.languages("zh-Hant-TW"));
        assertEquals(List.of(), Templates.languages(""));
    }

    @Test
    void htmlLessSpecificThanTheTextIsLeftOutSoItCannotHideTheOverriddenText() throws IOException {
        Path dir = root.resolve("templates");
        write("templates/accounts/support/acknowledgement.txt.ftl", "Support text ${caseToken}");
        Templates t = new Templates(dir.toString());
        Map<String, Object> model = acknowledgementModel(false, "Heating");
        Templates.Rendered textOnly = t.render("acknowledgement", model, new Templates.Scope("support", null, null));
        assertEquals("Support text [#1042]", textOnly.text());
        assertNull(textOnly.html(), "the shipped HTML would show instead of the account's text");

        write("templates/acknowledgement.txt.ftl", "Our own text ${caseToken}");
        Templates.Rendered base = t.render("acknowledgement", model);
        assertEquals("Our own text [#1042]", base.text());
        assertNull(base.html(), "the jar's HTML is less specific than a text in the templates directory");

        write("templates/accounts/support/acknowledgement.html.ftl",
                "<#ftl output_format=\"HTML\"><p>Support html ${caseToken}</p>");
        Templates.Rendered both = new Templates(dir.toString())
                .render("acknowledgement", model, new Templates.Scope("support", null, null));
        assertEquals("<p>Support html [#1042]</p>", both.html());
    }

    @Test
    void accountRegionOrLanguageValuesCannotReachFilesOutsideTheTemplatesFolder() throws IOException {
        Path dir = root.resolve("templates");
        write("templates/probe.txt.ftl", "text");
        write("templates/probe.subject.ftl", "base");
        // What each hostile value would reach if it were used as a path unchanged.
        write("escaped/probe.subject.ftl", "ESCAPED");
        write("probe.subject.ftl", "ESCAPED");
        write("templates/accounts/probe.subject.ftl", "ESCAPED into accounts/");
        write("templates/regions/probe.subject.ftl", "ESCAPED into regions/");
        Templates t = new Templates(dir.toString());
        List<String> hostile = List.of("..", ".", "...", "../../escaped", "../..", "a/../../../escaped",
                "..\\..\\escaped", "/" + root.resolve("escaped"), "*", "*/probe", "x\u0000y", "",
                "x".repeat(300), "%2e%2e/%2e%2e/escaped");
        for (String value : hostile) {
            assertEquals("base", subject(t, value, null, null), "account " + value);
            assertEquals("base", subject(t, null, value, null), "region " + value);
            assertEquals("base", subject(t, null, null, value), "language " + value);
            assertEquals("base", subject(t, value, value, value), "all " + value);
        }
        for (String value : hostile) {
            String c = Templates.component(value);
            assertTrue(c == null || c.matches("[\\p{L}\\p{N}._-]+") && !c.matches("\\.+"), value + " -> " + c);
        }
        assertEquals("EU_North", Templates.component("EU/North"));
        assertEquals("Île-de-France", Templates.component("Île-de-France"));
    }

    @Test
    void everyShippedEventRendersTextAndWellFormedEscapedHtmlWithTheModelItsCallerBuilds() throws Exception {
        List<String> events;
        try (Stream<Path> files = Files.list(Path.of("templates"))) {
            events = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt.ftl"))
                    .map(n -> n.substring(0, n.length() - ".txt.ftl".length())).sorted().toList();
        }
        assertEquals(15, events.size(), events.toString());
        Templates t = new Templates(null);
        List<String> problems = new ArrayList<>();
        for (String event : events) {
            for (boolean full : new boolean[]{true, false}) {
                for (String language : Arrays.asList(null, "pl", "fr")) {
                    Map<String, Object> model = model(event, full);
                    String what = event + (full ? " (every optional part)" : " (no optional part)") + " in " + language;
                    try {
                        Templates.Rendered r = t.render(event, model, new Templates.Scope("support", "EU-North",
                                language));
                        assertFalse(r.subject().isBlank(), what);
                        assertFalse(r.text().isBlank(), what);
                        assertNotNull(r.html(), what + " has no HTML");
                        assertWellFormed(r.html(), what);
                        assertFalse(r.html().contains("<b>Heizung"), what + " did not escape the subject");
                        if (r.text().contains(HOSTILE_SUBJECT)) {
                            assertTrue(r.html().contains("&lt;b&gt;Heizung&lt;/b&gt; &amp; "), what);
                        }
                    } catch (RuntimeException | AssertionError e) {
                        problems.add(what + ": " + e.getMessage());
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void polishAndFrenchAcknowledgementsAreShippedAndKeepTheLanguageNeutralSubject() {
        Templates t = new Templates(null);
        Map<String, Object> model = acknowledgementModel(true, "Heating");
        Templates.Rendered pl = t.render("acknowledgement", model, new Templates.Scope("support", "EU-North", "pl-PL"));
        assertEquals("[#1042] Heating", pl.subject());
        assertTrue(pl.text().startsWith("Dzień dobry,"), pl.text());
        assertTrue(pl.text().contains("pod numerem [#1042]"), pl.text());
        assertTrue(pl.text().contains("Liczba otrzymanych załączników: 2"), pl.text());
        assertTrue(pl.html().contains("<html lang=\"pl\">"), pl.html());
        Templates.Rendered fr = t.render("acknowledgement", model, new Templates.Scope(null, null, "fr"));
        assertEquals("[#1042] Heating", fr.subject());
        assertTrue(fr.text().startsWith("Bonjour Anna Nowak,"), fr.text());
        assertTrue(fr.text().contains("votre demande sera traitée"), fr.text());
        assertTrue(fr.html().contains("<html lang=\"fr\">"), fr.html());
        assertTrue(t.render("acknowledgement", model, new Templates.Scope(null, null, "de")).text()
                .startsWith("Hello Anna Nowak,"));
    }

    @Test
    void outboxTakesTheScopeFromTheNoticesAccountAndTheModelsRegionAndLanguage() {
        Map<String, Object> model = new HashMap<>(Map.of("region", "EU-North", "language", "pl"));
        assertEquals(new Templates.Scope("support", "EU-North", "pl"), Outbox.scope(notice("support", model)));
        model.put("region", "");
        model.put("language", 42);
        assertEquals(new Templates.Scope("support", null, null), Outbox.scope(notice("support", model)),
                "a blank region and a language that is not a string are ignored");
        assertEquals(new Templates.Scope(null, null, null), Outbox.scope(notice(null, Map.of())));
    }

    private static Outbox.Notice notice(String account, Map<String, Object> model) {
        return new Outbox.Notice("acknowledgement", "k", 1L, 1042, account, "anna@northwind.example",
                "support@mail2case.test", null, "auto-replied", null, List.of(), model, List.of());
    }

    // --- Pipeline: real GreenMail and PostgreSQL ---

    @Test
    void mailToTheSupportAccountIsAcknowledgedWithTheSupportAccountsSubjectAndOtherAccountsKeepTheBase()
            throws Exception {
        write("accounts/support/acknowledgement.subject.ftl", "Support desk: ${caseToken} ${subject}");
        try (TestMailServer mail = new TestMailServer()) {
            Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
            settings.setProperty("mail2case.templates.dir", root.toString());
            try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
                send(mail, "anna@northwind.example", TestApp.SUPPORT, "Heating");
                send(mail, "marc@contoso.example", TestApp.REQUESTS, "Printer");
                await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("anna@northwind.example").length == 1
                        && mail.receivedBy("marc@contoso.example").length == 1);
                MimeMessage support = mail.receivedBy("anna@northwind.example")[0];
                MimeMessage requests = mail.receivedBy("marc@contoso.example")[0];
                assertTrue(support.getSubject().matches("Support desk: \\[#\\d+] Heating"), support.getSubject());
                assertTrue(requests.getSubject().matches("\\[#\\d+] Printer"), requests.getSubject());
                assertTrue(support.getContentType().startsWith("multipart/alternative"), support.getContentType());
                assertEquals(2, Recorded.outboxMailsWithHtml(app));
            }
        }
    }

    @Test
    void clientNotificationUsesTheOverrideOfTheClientsRegionAndTheRegionIsAPlaceholder() throws Exception {
        write("regions/EU-North/case-closed.subject.ftl", "${region}: ${caseToken} is closed");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (TestMailServer mail = new TestMailServer()) {
            Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
            settings.setProperty("mail2case.templates.dir", root.toString());
            try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
                TestApp.execute(app, "INSERT INTO regions (name, notifications_active, events) "
                        + "VALUES ('EU-North', true, 'case-closed')");
                TestApp.execute(app, "INSERT INTO clients (name, region, email, notify) "
                        + "VALUES ('Northwind', 'EU-North', 'office@northwind.example', true)");
                TestApp.execute(app, "INSERT INTO contacts (email, kind, client_id) "
                        + "SELECT 'anna@northwind.example', 'CLIENT_CONTACT', id FROM clients");
                send(mail, "anna@northwind.example", TestApp.SUPPORT, "Leaking tap");
                await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
                long number = Recorded.firstCase(app).number();
                HttpRequest close = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + settings.getProperty("camel.server.port") + "/api/cases/" + number + "/close"))
                        .header("Authorization", "Bearer " + TestApp.OPERATOR_TOKEN)
                        .POST(HttpRequest.BodyPublishers.noBody()).build();
                assertEquals(200, http.send(close, HttpResponse.BodyHandlers.ofString()).statusCode());
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> mail.receivedBy("office@northwind.example").length == 1);
                String subject = mail.receivedBy("office@northwind.example")[0].getSubject();
                assertTrue(subject.matches("EU-North: \\[#" + number + "] is closed"), subject);
            }
        }
    }

    @Test
    void staffNoticesAreWrittenInEachEmployeesOwnLanguage() throws Exception {
        write("pl/case-assigned.subject.ftl", "Nowa sprawa: ${caseToken}");
        write("pl/case-forwarded.subject.ftl", "Przekazano: ${caseToken}");
        write("fr/case-forwarded.subject.ftl", "Transmis : ${caseToken}");
        try (TestMailServer mail = new TestMailServer()) {
            Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
            settings.setProperty("mail2case.templates.dir", root.toString());
            try (Mail2CaseApp app = Mail2CaseApp.start(settings)) {
                new dev.mail2case.cases.OrganisationImport(app.database()).importYaml("""
                        agency: {default_job: GEN-1}
                        jobs:
                          - {number: GEN-1, default_assignee: jan@agency.example}
                        employees:
                          - {email: ola@agency.example, name: Ola Nowak, dispatcher: true, language: pl}
                          - {email: remi@agency.example, name: Rémi Petit, dispatcher: true, language: fr}
                          - {email: jan@agency.example, name: Jan Kowal, language: pl}
                          - {email: kuba@agency.example, name: Kuba Lis}
                        resources:
                          - {name: Facilities, email: facilities@agency.example}
                        """);
                send(mail, "anna@northwind.example", TestApp.SUPPORT, "Leaking tap");
                await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("jan@agency.example").length == 1);
                long n = Recorded.firstCase(app).number();
                assertEquals("Nowa sprawa: [#" + n + "]", mail.receivedBy("jan@agency.example")[0].getSubject(),
                        "the assignee reads the new case in Polish");

                assertEquals(200, TestApp.api(settings, "POST", "/cases/" + n + "/forward",
                        "{\"resource\": \"Facilities\", \"assignee\": \"kuba@agency.example\"}").statusCode());
                await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("ola@agency.example").length == 1
                        && mail.receivedBy("remi@agency.example").length == 1
                        && mail.receivedBy("kuba@agency.example").length == 1);
                assertEquals("Przekazano: [#" + n + "]", mail.receivedBy("ola@agency.example")[0].getSubject());
                assertEquals("Transmis : [#" + n + "]", mail.receivedBy("remi@agency.example")[0].getSubject());
                String kubas = mail.receivedBy("kuba@agency.example")[0].getSubject();
                assertTrue(kubas.startsWith("[#" + n + "]"), "no language set: the base template, " + kubas);
            }
        }
    }

    private static void send(TestMailServer mail, String from, String to, String subject) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject);
        m.setText("Please have a look.");
        mail.send(m);
    }

    // --- Models as the code builds them (CaseService, ClientNotifications) ---

    private static Map<String, Object> acknowledgementModel(boolean full, String subject) {
        Map<String, Object> m = caseModel(subject);
        m.put("senderName", "Anna Nowak");
        m.put("unregistered", full);
        m.put("senderAddress", "anna@northwind.example");
        m.put("attachmentCount", full ? 2 : 0);
        return m;
    }

    private static Map<String, Object> caseModel(String subject) {
        Map<String, Object> m = new HashMap<>();
        m.put("caseNumber", 1042L);
        m.put("caseToken", "[#1042]");
        m.put("subject", subject);
        m.put("accountAddress", "support@mail2case.test");
        return m;
    }

    private static Map<String, Object> model(String event, boolean full) {
        String body = full ? "First line <i>\n\n  indented & second\r\nthird" : "";
        switch (event) {
            case "acknowledgement":
                return acknowledgementModel(full, HOSTILE_SUBJECT);
            case "rejection": {
                Map<String, Object> m = new HashMap<>();
                m.put("subject", HOSTILE_SUBJECT);
                m.put("senderName", full ? "Anna Nowak" : "anna@northwind.example");
                m.put("reason", "the sender <anna@northwind.example> is not registered");
                m.put("accountAddress", "support@mail2case.test");
                return m;
            }
            case "oversized": {
                Map<String, Object> m = new HashMap<>();
                m.put("caseToken", "[#1042]");
                m.put("subject", HOSTILE_SUBJECT);
                m.put("senderName", "Anna Nowak");
                m.put("parts", List.of(Map.of("filename", full ? "plan <v2>.pdf" : "(unnamed)",
                        "size", 31_457_280L, "limit", 26_214_400L)));
                m.put("accountAddress", "support@mail2case.test");
                return m;
            }
            case "case-assigned": {
                Map<String, Object> m = caseModel(HOSTILE_SUBJECT);
                m.put("assigneeName", "Piotr Kowalski");
                m.put("senderName", full ? "Anna Nowak" : "");
                m.put("senderAddress", full ? "anna@northwind.example" : "");
                m.put("body", body);
                m.put("assignment", full ? "client Northwind's default job <J-7>" : "");
                m.put("attachmentCount", full ? 2 : 0);
                return m;
            }
            case "reply-received": {
                Map<String, Object> m = caseModel(HOSTILE_SUBJECT);
                m.put("assigneeName", "Piotr Kowalski");
                m.put("senderName", full ? "Anna Nowak" : "");
                m.put("senderAddress", full ? "anna@northwind.example" : "");
                m.put("body", body);
                m.put("status", "OPEN");
                m.put("attachmentCount", full ? 1 : 0);
                return m;
            }
            case "case-closed", "follow-up", "status-changed": {
                Map<String, Object> m = new HashMap<>(event.equals("status-changed")
                        ? Map.of("newStatus", "WAITING") : Map.of());
                m.putAll(caseModel(HOSTILE_SUBJECT));
                m.put("status", event.equals("status-changed") ? "WAITING" : "CLOSED");
                m.put("clientName", "Northwind & Co");
                m.put("portalUrl", full ? "https://portal.example/?a=1&b=\"2\"" : "");
                m.put("region", full ? "EU-North" : "");
                return m;
            }
            case "case-opened", "request-accepted", "request-rejected": {
                Map<String, Object> m = caseModel(HOSTILE_SUBJECT);
                m.put("status", "OPEN");
                m.put("clientName", "Northwind & Co");
                m.put("portalUrl", full ? "https://portal.example/?a=1&b=\"2\"" : "");
                m.put("region", full ? "EU-North" : "");
                m.put("reason", "outside our <contract> & terms");
                return m;
            }
            case "new-request", "case-forwarded", "case-escalated", "deadline-passed": {
                Map<String, Object> m = caseModel(HOSTILE_SUBJECT);
                m.put("caseUrl", full ? "https://desk.example/cases/1042" : "");
                m.put("status", "OPEN");
                m.put("resource", full ? "Facilities & Co" : "");
                m.put("assigneeName", full ? "Ola Nowak" : "");
                m.put("clientName", full ? "Northwind & Co" : "");
                m.put("senderAddress", full ? "anna@northwind.example" : "");
                m.put("senderName", full ? "Anna Nowak" : "");
                m.put("deadline", full ? "2026-12-01T09:00Z" : "");
                m.put("recipientName", "Piotr <Wolny>");
                m.put("role", full ? "resource" : "dispatcher");
                m.put("actor", full ? "api:alice" : "timer");
                m.put("reason", full ? "tenant waiting <3> days" : "");
                return m;
            }
            default:
                fail("No model for event " + event + ": add how its caller builds it");
                return null;
        }
    }

    private static void assertWellFormed(String html, String what) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            fail(what + ": HTML is not well-formed: " + e.getMessage() + "\n" + html);
        }
    }
}

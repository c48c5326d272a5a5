package dev.mail2case.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static dev.mail2case.support.TestApp.count;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The case API on the running application and PostgreSQL: three cases made from real mail, then every
 * filter, paging, sorting, the case file with its downloads, and the 404 and 400 answers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaseApiTest {
    private static final byte[] PDF = "%PDF-1.4 quote for the VPN licence".getBytes(StandardCharsets.US_ASCII);
    private final TestMailServer mail = new TestMailServer();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();
    private Mail2CaseApp app;
    private String base;
    private long tap;
    private long prices;
    private long vpn;
    private long northwind;
    private long piotr;

    @BeforeAll
    void threeCasesFromMail() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        // an account whose server refuses the login: its state shows the failed polls and why
        settings.setProperty("mail2case.accounts", "support,requests,refused");
        TestApp.account(settings, "refused", "imap", mail.imapPort(), "refused@mail2case.test", "seen");
        settings.setProperty("mail2case.account.refused.password", "not-the-password");
        app = Mail2CaseApp.start(settings);
        base = "http://127.0.0.1:" + settings.getProperty("camel.server.port") + "/api";
        TestApp.execute(app, "INSERT INTO clients (name) VALUES ('Northwind')");
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind, client_id) SELECT 'anna@northwind.example', "
                + "'Anna Berg', 'CLIENT_CONTACT', id FROM clients");
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind) VALUES ('piotr@agency.example', 'Piotr', 'EMPLOYEE')");
        northwind = count(app, "SELECT id FROM clients");
        piotr = count(app, "SELECT id FROM contacts WHERE email = 'piotr@agency.example'");

        mail.send("anna@northwind.example", TestApp.SUPPORT, "Leaking tap", "The kitchen tap drips since Monday.");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        mail.send("stranger@mailbox.example", TestApp.SUPPORT, "Question about prices",
                "How much is a boiler service?");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 2);
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("marc@contoso.example", "Marc Dubois"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.REQUESTS));
        m.setSubject("VPN access");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Please open the VPN for Ola.\n\n> earlier mail quoted here", "UTF-8");
        MimeBodyPart pdf = new MimeBodyPart();
        pdf.setContent(PDF, "application/pdf");
        pdf.setFileName("quote.pdf");
        m.setContent(new MimeMultipart(text, pdf));
        mail.send(m);
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 3);
        tap = Recorded.firstCaseWithSubject(app, "Leaking tap").number();
        prices = Recorded.firstCaseWithSubject(app, "Question about prices").number();
        vpn = Recorded.firstCaseWithSubject(app, "VPN access").number();

        TestApp.execute(app, "UPDATE cases SET assignee_id = " + piotr + ", queue = 'Facilities', client_id = "
                + northwind + " WHERE number = " + tap);
        TestApp.execute(app, "UPDATE cases SET created_at = '2025-01-10T10:00:00Z' WHERE number = " + vpn);
        assertEquals(200, call("POST", "/cases/" + prices + "/status", "{\"status\":\"waiting\"}").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsSent(app) >= 3);
    }

    @AfterAll
    void stop() {
        app.close();
        mail.close();
    }

    @Test
    void withoutFiltersEveryCaseIsListedNewestFirstWithItsCounts() throws Exception {
        JsonNode all = get("/cases");
        assertEquals(List.of(vpn, prices, tap), numbers(all));
        assertEquals(3, all.path("total").asLong());
        assertEquals(2, all.path("counts").path("unregistered").asLong(), all.toString());
        assertEquals(2, all.path("counts").path("unassigned").asLong(), all.toString());
        assertEquals(1, all.path("counts").path("byStatus").path("WAITING").asLong(), all.toString());
        assertEquals("anna@northwind.example", all.path("cases").get(2).path("senderAddress").asText());
        assertEquals("Northwind", all.path("cases").get(2).path("client").path("name").asText());
    }

    @Test
    void statusFilterSelectsOnlyCasesInThoseStatuses() throws Exception {
        assertEquals(List.of(prices), numbers(get("/cases?status=waiting")));
        assertEquals(List.of(vpn, tap), numbers(get("/cases?status=OPEN")));
        assertEquals(List.of(vpn, prices, tap), numbers(get("/cases?status=OPEN,in-progress,WAITING")));
    }

    @Test
    void aStatusOutsideTheDefinedSetIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> r = call("GET", "/cases?status=BOGUS", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("status: 'BOGUS' is not a status"), r.body());
        assertTrue(r.body().contains("IN_PROGRESS"), "the answer lists the statuses: " + r.body());
    }

    @Test
    void unassignedHoldsTheCasesNobodyWasAssignedAndQueueFiltersByQueueName() throws Exception {
        assertEquals(List.of(vpn, prices), numbers(get("/cases?unassigned=true")));
        assertEquals(List.of(tap), numbers(get("/cases?unassigned=false")));
        assertEquals(List.of(tap), numbers(get("/cases?queue=facilities")));
        assertEquals(400, call("GET", "/cases?unassigned=maybe", null).statusCode());
    }

    @Test
    void unregisteredSendersHaveTheirOwnFilterAndTheirCountForTheWeek() throws Exception {
        assertEquals(List.of(vpn, prices), numbers(get("/cases?unregistered=true")));
        assertEquals(List.of(tap), numbers(get("/cases?unregistered=false")));
        String weekAgo = LocalDate.now(ZoneOffset.UTC).minusDays(7).toString();
        JsonNode week = get("/cases?unregistered=true&createdFrom=" + weekAgo);
        assertEquals(List.of(prices), numbers(week));
        assertEquals(1, week.path("counts").path("unregistered").asLong());
    }

    @Test
    void accountFilterTakesOnlyConfiguredAccounts() throws Exception {
        assertEquals(List.of(vpn), numbers(get("/cases?account=requests")));
        assertEquals(List.of(prices, tap), numbers(get("/cases?account=support")));
        HttpResponse<String> r = call("GET", "/cases?account=sales", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("account: 'sales' is not a configured account; they are support, requests, refused"),
                r.body());
    }

    @Test
    void clientAndAssigneeFiltersSelectTheirCases() throws Exception {
        assertEquals(List.of(tap), numbers(get("/cases?client=" + northwind)));
        assertEquals(List.of(tap), numbers(get("/cases?assignee=" + piotr)));
        assertEquals(List.of(tap), numbers(get("/cases?assignee=PIOTR@agency.example")));
        assertEquals(List.of(vpn, prices), numbers(get("/cases?assignee=none")));
        HttpResponse<String> r = call("GET", "/cases?client=northwind", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("client: 'northwind' is not a number"), r.body());
    }

    @Test
    void createdBetweenTakesDatesOrTimesAndRefusesAnythingElse() throws Exception {
        assertEquals(List.of(vpn), numbers(get("/cases?createdFrom=2025-01-10&createdTo=2025-01-10")));
        assertEquals(List.of(), numbers(get("/cases?createdFrom=2025-01-10T11:00:00Z&createdTo=2025-01-31")));
        String monthAgo = LocalDate.now(ZoneOffset.UTC).minusDays(30) + "T00:00:00%2B01:00";
        assertEquals(List.of(prices, tap), numbers(get("/cases?createdFrom=" + monthAgo)));
        HttpResponse<String> r = call("GET", "/cases?createdTo=last-week", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("createdTo: 'last-week'"), r.body());
    }

    @Test
    void textIsFoundInSubjectBodyAndSender() throws Exception {
        assertEquals(List.of(tap), numbers(get("/cases?q=LEAKING")));
        assertEquals(List.of(prices), numbers(get("/cases?q=boiler")));
        assertEquals(List.of(vpn), numbers(get("/cases?q=contoso")));
        assertEquals(List.of(vpn), numbers(get("/cases?q=" + URLEncoder.encode("Marc Dubois", StandardCharsets.UTF_8))));
        assertEquals(List.of(), numbers(get("/cases?q=%25")), "a % is searched for, not a wildcard");
    }

    @Test
    void pagesAndSortingAreBoundedAndChecked() throws Exception {
        JsonNode first = get("/cases?size=2");
        assertEquals(List.of(vpn, prices), numbers(first));
        assertEquals(3, first.path("total").asLong());
        assertEquals(List.of(tap), numbers(get("/cases?size=2&page=2")));
        assertEquals(List.of(tap, prices, vpn), numbers(get("/cases?sort=number")));
        assertEquals(List.of(tap, prices, vpn), numbers(get("/cases?sort=subject")));
        assertEquals(List.of(vpn, tap, prices), numbers(get("/cases?sort=created")));
        assertEquals(List.of(prices, tap, vpn), numbers(get("/cases?sort=-created")));
        for (String bad : List.of("sort=colour", "size=0", "size=201", "page=0", "page=x", "colour=red", "q=a&q=b")) {
            HttpResponse<String> r = call("GET", "/cases?" + bad, null);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            String field = bad.substring(0, bad.indexOf('='));
            assertTrue(r.body().contains("\"error\":\"" + field + ":"), bad + " names the field: " + r.body());
        }
    }

    @Test
    void theCaseFileHasCommentsMailsAttachmentsEventsAndDeliveries() throws Exception {
        JsonNode c = get("/cases/" + vpn);
        assertEquals("VPN access", c.path("subject").asText());
        assertEquals("requests", c.path("account").asText());
        JsonNode comment = c.path("comments").get(0);
        assertTrue(comment.path("text").asText().contains("Please open the VPN for Ola."), c.toString());
        assertTrue(comment.path("fullText").asText().contains("earlier mail quoted here"), c.toString());

        JsonNode attachment = c.path("attachments").get(0);
        assertEquals("quote.pdf", attachment.path("filename").asText());
        HttpResponse<byte[]> file = download(attachment.path("download").asText());
        assertEquals(200, file.statusCode());
        assertArrayEquals(PDF, file.body());
        assertTrue(file.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment;"));

        HttpResponse<byte[]> raw = download(c.path("messages").get(0).path("rawMail").asText());
        assertEquals(200, raw.statusCode());
        assertEquals("message/rfc822", raw.headers().firstValue("Content-Type").orElse(""));
        assertTrue(raw.headers().firstValue("Content-Disposition").orElse("").contains(".eml"));
        assertTrue(new String(raw.body(), StandardCharsets.UTF_8).contains("Subject: VPN access"));

        JsonNode deliveries = c.path("deliveries");
        assertEquals("acknowledgement", deliveries.get(0).path("event").asText(), c.toString());
        assertEquals("marc@contoso.example", deliveries.get(0).path("recipient").asText());

        JsonNode waiting = get("/cases/" + prices);
        JsonNode changed = null;
        for (JsonNode e : waiting.path("events")) {
            if (e.path("event").asText().equals("status-changed")) {
                changed = e;
            }
        }
        assertTrue(changed != null, waiting.toString());
        assertEquals("WAITING", changed.path("detail").asText());
        assertEquals("api:alice", changed.path("actor").asText());
    }

    @Test
    void unknownIdsAnswer404AndIdsThatAreNoNumbers400() throws Exception {
        long mailOfAnotherCase = count(app, "SELECT inbound_mail_id FROM case_messages m JOIN cases c ON c.id = m.case_id "
                + "WHERE c.number = " + tap);
        long attachmentId = count(app, "SELECT id FROM attachments");
        for (String path : List.of("/cases/9999", "/cases/9999/deliveries", "/cases/" + vpn + "/attachments/9999",
                "/cases/" + tap + "/attachments/" + attachmentId, "/cases/" + vpn + "/mails/" + mailOfAnotherCase + "/raw",
                "/contacts/9999", "/clients/9999")) {
            HttpResponse<String> r = call("GET", path, null);
            assertEquals(404, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().startsWith("{\"error\":"), r.body());
        }
        HttpResponse<String> r = call("GET", "/cases/abc", null);
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("id: 'abc' is not a number"), r.body());
    }

    @Test
    void contactsAndClientsCanBeReadButNotWritten() throws Exception {
        JsonNode anna = get("/contacts?q=northwind").path("contacts");
        assertEquals(1, anna.size(), anna.toString());
        assertEquals("Northwind", anna.get(0).path("client").path("name").asText());
        assertEquals("anna@northwind.example", get("/contacts/" + anna.get(0).path("id").asLong()).path("email").asText());
        JsonNode client = get("/clients/" + northwind);
        assertEquals(1, client.path("contacts").asLong());
        assertEquals(1, client.path("cases").asLong());
        assertEquals("Northwind", get("/clients?q=north").path("clients").get(0).path("name").asText());
        for (String method : List.of("POST", "PUT", "DELETE")) {
            int status = call(method, "/contacts/" + anna.get(0).path("id").asLong(), "{}").statusCode();
            assertTrue(status == 404 || status == 405, method + " answered " + status);
        }
        assertEquals(1, Recorded.contactsWithEmail(app, "anna@northwind.example"));
    }

    @Test
    void callsWithoutTokenOrSessionAreRefused() throws Exception {
        for (String path : List.of("/cases", "/cases/" + vpn, "/deliveries", "/accounts", "/contacts", "/clients",
                "/cases/" + vpn + "/mails/1/raw")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode(), path);
        }
    }

    @Test
    void theDeliveriesGridListsEveryMailWithItsStopReasonsAndTheAccountsTheirState() throws Exception {
        TestApp.execute(app, "INSERT INTO outbox (event_key, event, recipient, sender, subject, body_text, message_id, "
                + "auto_submitted, status, next_attempt_at, created_at, not_sent_reason) VALUES ('grid-test', "
                + "'case-forwarded', '', 'support@mail2case.test', 'Forwarded', 'x', '<grid@test>', 'auto-generated', "
                + "'NOT_SENT', now(), now(), 'not sent because resource Facilities has no address')");
        JsonNode grid = get("/deliveries");
        assertEquals(Recorded.outboxMails(app), grid.path("total").asLong());
        assertTrue(grid.path("stopReasons").toString().contains(
                "{\"status\":\"NOT_SENT\",\"reason\":\"not sent because resource Facilities has no address\",\"count\":1}"),
                grid.toString());
        assertEquals("NOT_SENT", get("/deliveries?status=not-sent").path("deliveries").get(0).path("status").asText());
        assertEquals(1, get("/deliveries?q=Facilities").path("total").asLong());
        assertEquals(400, call("GET", "/deliveries?status=LOST", null).statusCode());

        JsonNode accounts = get("/accounts").path("accounts");
        assertEquals("support", accounts.get(0).path("id").asText());
        assertEquals("Started", accounts.get(0).path("state").asText(), accounts.toString());
        assertEquals(2, accounts.get(0).path("mails").asLong(), accounts.toString());
        assertTrue(accounts.get(1).path("polls").asLong() > 0, accounts.toString());
        assertTrue(accounts.get(1).hasNonNull("lastPollAt"), accounts.toString());
        assertTrue(accounts.get(1).path("lastPollError").isNull(), accounts.toString());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                get("/accounts").path("accounts").get(2).path("failedPolls").asLong() > 0);
        JsonNode refused = get("/accounts").path("accounts").get(2);
        assertTrue(refused.path("lastPollError").asText().contains("Authentication"), refused.toString());
        assertTrue(refused.hasNonNull("lastPollErrorAt"), refused.toString());
        String answer = get("/accounts").toString();
        assertFalse(answer.contains(TestMailServer.PASSWORD) || answer.contains("not-the-password"),
                "no password in the answer");
    }

    @Test
    void theOpenApiDocumentDescribesEveryCallOfTheRouteFile() throws Exception {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + "/openapi.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "the description needs an operator too");
        HttpResponse<String> r = call("GET", "/openapi.json", null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), r.headers().toString());
        JsonNode doc = json.readTree(r.body());
        assertEquals(base, doc.path("servers").get(0).path("url").asText(), doc.path("servers").toString());
        JsonNode paths = doc.path("paths");
        JsonNode routes = new ObjectMapper(new YAMLFactory()).readTree(
                Path.of(System.getProperty("mail2case.home"), "routes", "95-operator-api.camel.yaml").toFile());
        List<String> missing = new ArrayList<>();
        int calls = 0;
        for (JsonNode item : routes) {
            JsonNode rest = item.path("rest");
            for (String verb : List.of("get", "post", "put", "delete")) {
                for (JsonNode call : rest.path(verb)) {
                    calls++;
                    if (!paths.path(call.path("path").asText()).has(verb)) {
                        missing.add(verb + " " + call.path("path").asText());
                    }
                }
            }
        }
        assertTrue(calls > 25, "the route file declares the API's calls");
        assertEquals(List.of(), missing);
    }

    private List<Long> numbers(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("cases").forEach(c -> out.add(c.path("number").asLong()));
        return out;
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = call("GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return json.readTree(r.body());
    }

    private HttpResponse<byte[]> download(String apiPath) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base.replace("/api", "") + apiPath))
                .header("Authorization", "Bearer " + TestApp.OPERATOR_TOKEN).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + TestApp.OPERATOR_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

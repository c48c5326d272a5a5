package dev.mail2case.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.ForgedDsn;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.ScriptedSmtpServer;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operators see the bounces that answered none of our mail, and settle sends whose outcome is unknown. */
class OrphanBouncesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    private static byte[] orphanDsn(String id, String recipient, String status, String diagnostic) {
        return ForgedDsn.failed(id, recipient, status, diagnostic, "[#1001] Heating", "never-sent-" + id + "@mail2case.test");
    }

    @Test
    void orphanBouncesAreListedWithTheirReasonAndAddressesAndNeverActedOn() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        mail.sendRaw(orphanDsn("o1", "anna@client-one.test", "5.1.1", "550 5.1.1 User unknown"), ForgedDsn.SENDER, TestApp.SUPPORT);
        mail.sendRaw(orphanDsn("o2", "marc@client-two.test", "5.2.2", "552 5.2.2 Mailbox full"), ForgedDsn.SENDER, TestApp.SUPPORT);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.mailsTakenIn(app, "BOUNCE_ORPHAN") == 2);

        HttpResponse<String> r = TestApp.api(settings, "GET", "/bounces/orphans", null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertEquals(2, body.path("total").asInt());
        JsonNode newest = body.path("orphans").get(0);
        assertEquals("marc@client-two.test", newest.path("addresses").get(0).path("address").asText(), r.body());
        assertEquals("mailboxfull", newest.path("addresses").get(0).path("reason").asText(), r.body());
        assertEquals(false, newest.path("actedOn").asBoolean(true));
        JsonNode older = body.path("orphans").get(1);
        assertEquals("anna@client-one.test", older.path("addresses").get(0).path("address").asText(), r.body());
        assertEquals("userunknown", older.path("reason").asText(), r.body());
        assertTrue(older.path("said").asText().contains("anna@client-one.test"), r.body());
        assertEquals(0, Recorded.addressBlocks(app), "listed, never acted on");

        JsonNode page = JSON.readTree(TestApp.api(settings, "GET", "/bounces/orphans?limit=1&before="
                + newest.path("id").asLong(), null).body());
        assertEquals(1, page.path("orphans").size());
        assertEquals(older.path("id").asLong(), page.path("orphans").get(0).path("id").asLong());
        assertEquals(400, TestApp.api(settings, "GET", "/bounces/orphans?limit=0", null).statusCode());

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + settings.getProperty("camel.server.port") + "/api/bounces/orphans")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "operators only");
    }

    @Test
    void anUncertainSendTheOperatorMarksAsSentIsNeverSentAgain() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
            settings.setProperty("mail2case.smtp.port", Integer.toString(smtp.port()));
            smtp.dropReplyAfterData(true);
            app = Mail2CaseApp.start(settings);
            mail.send("anna@northwind.example", TestApp.SUPPORT, "Heating", "Please help.");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Recorded.outboxMailsWithStatus(app, "UNCERTAIN") == 1);
            long id = Recorded.firstOutboxMail(app).id();
            smtp.dropReplyAfterData(false);

            HttpResponse<String> r = TestApp.api(settings, "POST", "/deliveries/" + id + "/mark-sent", null);
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("SENT", Recorded.firstOutboxMail(app).status());
            assertEquals(List.of("UNCERTAIN", "MARKED_SENT"), Recorded.deliveryOutcomes(app, id));
            assertTrue(Recorded.firstDeliveryAttempt(app, "MARKED_SENT").error().contains("alice"));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                    smtp.deliveredMessageIds().size() == 1);

            HttpResponse<String> again = TestApp.api(settings, "POST", "/deliveries/" + id + "/mark-sent", null);
            assertEquals(409, again.statusCode(), "only an UNCERTAIN send can be marked: " + again.body());
            assertEquals(404, TestApp.api(settings, "POST", "/deliveries/999999/mark-sent", null).statusCode());
        }
    }
}

package dev.mail2case.ops;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.LogCapture;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The faults operators met in the API, each fixed on the running application. */
class OperatorApiFaultsTest extends PipelineTest {
    private static final String NO_ADDRESS = "not sent because resource Facilities has no address";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private void start() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
    }

    private long caseFromMarc() throws Exception {
        mail.send("marc@contoso.example", TestApp.SUPPORT, "VPN access", "Please.");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsSent(app) == 1);
        return Recorded.firstCase(app).number();
    }

    @Test
    void resendOfARowWithoutRecipientIsRefusedSayingWhyAndKeepsTheReason() throws Exception {
        start();
        TestApp.execute(app, "INSERT INTO outbox (event_key, event, recipient, sender, subject, body_text, message_id, "
                + "auto_submitted, status, next_attempt_at, created_at, not_sent_reason) VALUES ('forwarded:1', "
                + "'case-forwarded', '', 'support@mail2case.test', 'Forwarded', 'x', '<f1@test>', 'auto-generated', "
                + "'NOT_SENT', now(), now(), '" + NO_ADDRESS + "')");
        long id = Recorded.firstOutboxMail(app).id();

        HttpResponse<String> r = TestApp.api(settings, "POST", "/deliveries/" + id + "/resend", null);
        assertEquals(409, r.statusCode(), r.body());
        assertTrue(r.body().contains("has no recipient address"), r.body());
        assertTrue(r.body().contains(NO_ADDRESS), "the answer gives the reason it was not sent: " + r.body());
        Recorded.OutboxMail row = Recorded.outboxMail(app, id);
        assertEquals("NOT_SENT", row.status());
        assertEquals(NO_ADDRESS, row.notSentReason());
        assertEquals(0, row.attempts());
        assertEquals(0, Recorded.deliveryAttemptsOf(app, id));
        assertEquals(404, TestApp.api(settings, "POST", "/deliveries/9999/resend", null).statusCode());
    }

    @Test
    void resendToABlockedAddressNeedsTheOperatorsExplicitOverrideWhichIsRecorded() throws Exception {
        start();
        caseFromMarc();
        TestApp.execute(app, "INSERT INTO address_blocks (address, reason, created_at) "
                + "VALUES ('marc@contoso.example', 'userunknown', now())");
        long id = Recorded.firstOutboxMail(app).id();

        HttpResponse<String> refused = TestApp.api(settings, "POST", "/deliveries/" + id + "/resend", null);
        assertEquals(409, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("to marc@contoso.example is blocked by address block"), refused.body());
        assertTrue(refused.body().contains("overrideBlock"), "the answer says how to override: " + refused.body());
        assertEquals(0, Recorded.deliveryAttempts(app, "RESEND_REQUESTED"));

        HttpResponse<String> forced = TestApp.api(settings, "POST", "/deliveries/" + id + "/resend",
                "{\"overrideBlock\": true}");
        assertEquals(200, forced.statusCode(), forced.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("marc@contoso.example").length == 2);
        String note = Recorded.firstDeliveryAttempt(app, "RESEND_REQUESTED").error();
        assertTrue(note.startsWith("by api:alice, overriding address block"), note);
        assertTrue(note.contains("userunknown"), note);

        TestApp.execute(app, "UPDATE address_blocks SET cleared_at = now(), cleared_by = 'test'");
        TestApp.execute(app, "INSERT INTO case_blocks (case_id, reason, created_at, until) "
                + "SELECT id, 'case-flood', now(), now() + interval '1 hour' FROM cases");
        HttpResponse<String> caseBlocked = TestApp.api(settings, "POST", "/deliveries/" + id + "/resend", null);
        assertEquals(409, caseBlocked.statusCode(), caseBlocked.body());
        assertTrue(caseBlocked.body().contains("is blocked by case block"), caseBlocked.body());
    }

    @Test
    void theDeliveriesOfACaseThatDoesNotExistAnswer404() throws Exception {
        start();
        long number = caseFromMarc();
        assertEquals(200, TestApp.api(settings, "GET", "/cases/" + number + "/deliveries", null).statusCode());
        HttpResponse<String> r = TestApp.api(settings, "GET", "/cases/9999/deliveries", null);
        assertEquals(404, r.statusCode());
        assertEquals("{\"error\":\"case 9999 does not exist\"}", r.body());
    }

    @Test
    void anAddressBlockIsClearedByItsAddressOrByItsId() throws Exception {
        start();
        TestApp.execute(app, "INSERT INTO address_blocks (address, reason, created_at) VALUES "
                + "('anna@northwind.example', 'userunknown', now()), ('bob@northwind.example', 'mailboxfull', now())");
        assertEquals(200, TestApp.api(settings, "DELETE", "/blocks/address/Anna@Northwind.example", null).statusCode());
        assertEquals("api:alice", Recorded.addressBlock(app, "anna@northwind.example").clearedBy());
        long bob = Recorded.addressBlock(app, "bob@northwind.example").id();
        assertEquals(200, TestApp.api(settings, "DELETE", "/blocks/address/" + bob, null).statusCode());
        assertEquals(0, Recorded.unclearedAddressBlocks(app));
        HttpResponse<String> again = TestApp.api(settings, "DELETE", "/blocks/address/anna@northwind.example", null);
        assertEquals(404, again.statusCode());
        assertTrue(again.body().contains("no block on anna@northwind.example is in force"), again.body());
    }

    @Test
    void aStatusOutsideTheDefinedSetIsRefusedAndNothingIsStored() throws Exception {
        start();
        long number = caseFromMarc();
        HttpResponse<String> r = TestApp.api(settings, "POST", "/cases/" + number + "/status", "{\"status\":\"BOGUS\"}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("status: 'BOGUS' is not a status"), r.body());
        assertEquals("OPEN", Recorded.firstCase(app).status());
        assertEquals(0, Recorded.caseEvents(app, "status-changed"));
        assertEquals(200, TestApp.api(settings, "POST", "/cases/" + number + "/status",
                "{\"status\":\"in progress\"}").statusCode());
        assertEquals("IN_PROGRESS", Recorded.firstCase(app).status());
    }

    @Test
    void closeAnswers200WhateverTheContentTypeAndEchoesNoRequestHeader() throws Exception {
        start();
        long number = caseFromMarc();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + settings.getProperty("camel.server.port") + "/api/cases/" + number + "/close?note=x"))
                .header("Authorization", "Bearer " + TestApp.OPERATOR_TOKEN)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Request-Note", "from a script")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"done\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
        assertTrue(r.body().contains("\"status\":\"CLOSED\""), r.body());
        assertFalse(r.headers().map().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("note")
                || h.equalsIgnoreCase("X-Request-Note") || h.equalsIgnoreCase("Authorization")
                || h.toLowerCase().startsWith("camel")), r.headers().map().toString());
        assertEquals("CLOSED", Recorded.firstCase(app).status());
    }

    @Test
    void theStartUpLogNamesTheAddressTheServerIsBoundTo() throws Exception {
        String text;
        try (LogCapture log = new LogCapture()) {
            start();
            text = log.text();
        }
        String port = settings.getProperty("camel.server.port");
        assertTrue(text.contains("Operators' console on http://127.0.0.1:" + port + "/"), text);
        assertFalse(text.contains("0.0.0.0"), text);
    }
}

package dev.mail2case.ops;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorApiTest {
    private final TestMailServer mail = new TestMailServer();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Mail2CaseApp app;
    private String base;

    @BeforeEach
    void start() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        base = "http://127.0.0.1:" + settings.getProperty("camel.server.port") + "/api";
    }

    @AfterEach
    void stop() {
        app.close();
        mail.close();
    }

    @Test
    void callsWithoutAValidOperatorTokenAreRefused() throws Exception {
        assertEquals(401, call("GET", "/blocks", null).statusCode());
        assertEquals(401, call("GET", "/blocks", "not-the-token").statusCode());
        assertEquals(200, call("GET", "/blocks", TestApp.OPERATOR_TOKEN).statusCode());
    }

    @Test
    void healthNeedsNoTokenAndSaysTheDatabaseIsUp() throws Exception {
        HttpResponse<String> health = call("GET", "/health", null);
        assertEquals(200, health.statusCode());
        assertTrue(health.body().contains("\"database\":\"UP\""), health.body());
    }

    @Test
    void operatorListsAndClearsAnAddressBlockAndTheClearingIsRecorded() throws Exception {
        TestApp.execute(app, "INSERT INTO address_blocks (address, reason, created_at) "
                + "VALUES ('anna@northwind.example', 'userunknown', now())");
        HttpResponse<String> list = call("GET", "/blocks", TestApp.OPERATOR_TOKEN);
        assertTrue(list.body().contains("\"target\":\"anna@northwind.example\""), list.body());
        assertTrue(list.body().contains("\"until\":null"), "user unknown lasts until cleared: " + list.body());
        long id = Recorded.firstAddressBlock(app).id();

        assertEquals(200, call("DELETE", "/blocks/address/" + id, TestApp.OPERATOR_TOKEN).statusCode());
        assertEquals("api:alice", Recorded.firstAddressBlock(app).clearedBy());
        assertEquals(404, call("DELETE", "/blocks/address/" + id, TestApp.OPERATOR_TOKEN).statusCode());
        assertTrue(call("GET", "/blocks", TestApp.OPERATOR_TOKEN).body().contains("\"blocks\":[]"));
    }

    @Test
    void deliveryLogOfACaseListsItsMailAndOneCanBeResent() throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("marc@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("VPN access");
        m.setText("Please.");
        mail.send(m);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMailsSent(app) == 1);
        long number = Recorded.firstCase(app).number();

        HttpResponse<String> log = call("GET", "/cases/" + number + "/deliveries", TestApp.OPERATOR_TOKEN);
        assertEquals(200, log.statusCode(), log.body());
        assertTrue(log.body().contains("\"event\":\"acknowledgement\""), log.body());
        assertTrue(log.body().contains("\"status\":\"SENT\""), log.body());

        long outboxId = Recorded.firstOutboxMail(app).id();
        assertEquals(200, call("POST", "/deliveries/" + outboxId + "/resend", TestApp.OPERATOR_TOKEN).statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("marc@contoso.example").length == 2);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                Recorded.deliveryAttempts(app, "SENT") == 2);
        assertEquals("by api:alice", Recorded.firstDeliveryAttempt(app, "RESEND_REQUESTED").error());
        assertEquals(400, call("POST", "/deliveries/abc/resend", TestApp.OPERATOR_TOKEN).statusCode());
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

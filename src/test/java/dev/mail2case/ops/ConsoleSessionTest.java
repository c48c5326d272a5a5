package dev.mail2case.ops;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's page and its sign-in: a session cookie that keeps the token out of the page. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSessionTest {
    private final TestMailServer mail = new TestMailServer();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Mail2CaseApp app;
    private String site;

    @BeforeAll
    void start() throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        site = "http://127.0.0.1:" + settings.getProperty("camel.server.port");
        app = Mail2CaseApp.start(settings);
    }

    @AfterAll
    void stop() {
        app.close();
        mail.close();
    }

    @Test
    void signingInAnswersWithAnHttpOnlyStrictCookieThatOpensTheApi() throws Exception {
        HttpResponse<String> in = send("POST", "/api/session", Map.of("Authorization", "Bearer " + TestApp.OPERATOR_TOKEN));
        assertEquals(200, in.statusCode(), in.body());
        String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/"), cookie);
        assertFalse(cookie.contains(TestApp.OPERATOR_TOKEN) || in.body().contains(TestApp.OPERATOR_TOKEN));
        String session = cookie.substring(0, cookie.indexOf(';'));

        HttpResponse<String> me = send("GET", "/api/session", Map.of("Cookie", session));
        assertEquals("{\"operator\":\"alice\"}", me.body());
        assertEquals(200, send("GET", "/api/cases", Map.of("Cookie", session)).statusCode());

        HttpResponse<String> out = send("DELETE", "/api/session", Map.of("Cookie", session, OperatorAuth.CONSOLE_HEADER, "1"));
        assertTrue(out.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(401, send("POST", "/api/session", Map.of()).statusCode());
    }

    @Test
    void aChangeThroughTheSessionNeedsTheConsolesHeaderSoNoOtherPageCanMakeOne() throws Exception {
        String session = session();
        HttpResponse<String> bare = send("POST", "/api/quarantine/9999/replay", Map.of("Cookie", session));
        assertEquals(401, bare.statusCode());
        assertTrue(bare.body().contains(OperatorAuth.CONSOLE_HEADER), bare.body());
        assertEquals(404, send("POST", "/api/quarantine/9999/replay",
                Map.of("Cookie", session, OperatorAuth.CONSOLE_HEADER, "1")).statusCode());
        HttpResponse<String> renew = send("POST", "/api/session", Map.of("Cookie", session, OperatorAuth.CONSOLE_HEADER, "1"));
        assertEquals(400, renew.statusCode(), "a session cannot extend itself: " + renew.body());
    }

    @Test
    void aForgedOrAlteredSessionIsRefused() throws Exception {
        String session = session();
        String[] parts = session.substring(session.indexOf('=') + 1).split(":");
        String later = "mail2case_session=" + parts[0] + ":" + (Long.parseLong(parts[1]) + 1) + ":" + parts[2];
        String other = "mail2case_session=bob:" + parts[1] + ":" + parts[2];
        for (String cookie : new String[] {later, other, "mail2case_session=alice", "mail2case_session=::"}) {
            assertEquals(401, send("GET", "/api/cases", Map.of("Cookie", cookie)).statusCode(), cookie);
        }
    }

    @Test
    void anExpiredSessionNamesNobody() {
        OperatorAuth auth = new OperatorAuth(Map.of("alice", TestApp.OPERATOR_TOKEN));
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(app.context());
        exchange.setProperty(OperatorAuth.OPERATOR, "alice");
        auth.signIn(exchange);
        String value = exchange.getIn().getHeader("Set-Cookie", String.class).split(";")[0].split("=", 2)[1];
        long until = Long.parseLong(value.split(":")[1]);
        assertEquals("alice", auth.sessionOperator(value, until - 1));
        assertNull(auth.sessionOperator(value, until + 1));
        assertNull(new OperatorAuth(Map.of("alice", "another-token-0123456789")).sessionOperator(value, until - 1),
                "a new token ends the sessions of the old one");
    }

    @Test
    void thePageAndItsFilesComeWithAStrictContentSecurityPolicy() throws Exception {
        for (String path : new String[] {"/", "/cases/1234", "/deliveries", "/quarantine", "/blocks", "/accounts"}) {
            HttpResponse<String> page = send("GET", path, Map.of());
            assertEquals(200, page.statusCode(), path);
            assertTrue(page.body().contains("<script src=\"/console/app.js\" defer></script>"), path);
            String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
            assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self';"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""));
        }
        HttpResponse<String> script = send("GET", "/console/app.js", Map.of());
        assertTrue(script.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertFalse(script.body().contains("innerHTML"), "the console never writes markup from data");
        assertEquals(404, send("GET", "/console/../application.properties", Map.of()).statusCode());
        assertEquals(404, send("GET", "/console/index.html.bak", Map.of()).statusCode());
    }

    private String session() throws Exception {
        String cookie = send("POST", "/api/session", Map.of("Authorization", "Bearer " + TestApp.OPERATOR_TOKEN))
                .headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(site + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

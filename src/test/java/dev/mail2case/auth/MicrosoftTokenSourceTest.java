package dev.mail2case.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mail2case.config.OAuth2Settings;
import dev.mail2case.support.OAuthMailhost;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Microsoft's own library (msal4j) fetching client credentials tokens: msal4j only talks HTTPS, so the
 * test puts a TLS front with a throwaway certificate before the mail host's token server, which answers
 * on {@code /TENANT/oauth2/v2.0/token} like the Microsoft identity platform. The token then logs in to
 * Dovecot over IMAP with XOAUTH2.
 */
class MicrosoftTokenSourceTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String appId = "m365-app-" + run;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<JsonNode> headers = new CopyOnWriteArrayList<>();
    private HttpsServer front;
    private TestTls tls;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        OAuthMailhost.require();
        OAuthMailhost.registerClient(appId, "app-secret", 300);
        tls = TestTls.create(dir);
        front = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        front.setHttpsConfigurator(new HttpsConfigurator(tls.server));
        HttpClient http = HttpClient.newHttpClient();
        front.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getPath());
            byte[] form = exchange.getRequestBody().readAllBytes();
            String assertion = formField(form, "client_assertion");
            if (assertion != null) {
                // As the identity platform does: check the app's signed assertion, then act as for its secret.
                String problem = checkAssertion(assertion, "https://127.0.0.1:" + front.getAddress().getPort()
                        + exchange.getRequestURI().getPath());
                if (problem != null) {
                    byte[] body = ("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS700027: " + problem
                            + "\"}").getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(401, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                    return;
                }
                form = (new String(form, StandardCharsets.UTF_8).replaceAll("&?client_assertion(_type)?=[^&]*", "")
                        + "&client_secret=app-secret").getBytes(StandardCharsets.UTF_8);
            }
            try {
                HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + OAuthMailhost.OAUTH + exchange.getRequestURI().getPath()))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
                exchange.getResponseBody().write(answer.body());
            } catch (InterruptedException e) {
                exchange.sendResponseHeaders(500, -1);
            }
            exchange.close();
        });
        front.start();
    }

    private static String formField(byte[] form, String name) {
        for (String pair : new String(form, StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** Null when the assertion is signed by the app's certificate and names the app and this endpoint. */
    private String checkAssertion(String jwt, String endpoint) {
        try {
            String[] part = jwt.split("\\.");
            JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(part[0]));
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(part[1]));
            headers.add(header);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(tls.keystore)) {
                ks.load(in, TestTls.PASSWORD.toCharArray());
            }
            Signature verifier;
            if (header.path("alg").asText().equals("PS256")) {
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                verifier = Signature.getInstance("SHA256withRSA");
            }
            verifier.initVerify(ks.getCertificate("localhost").getPublicKey());
            verifier.update((part[0] + "." + part[1]).getBytes(StandardCharsets.US_ASCII));
            if (!verifier.verify(Base64.getUrlDecoder().decode(part[2]))) {
                return "Client assertion failed signature validation.";
            }
            if (!claims.path("iss").asText().equals(appId) || !claims.path("sub").asText().equals(appId)
                    || !claims.path("aud").asText().equals(endpoint)
                    || claims.path("exp").asLong() < System.currentTimeMillis() / 1000) {
                return "Client assertion has wrong claims: " + claims;
            }
            return null;
        } catch (Exception e) {
            return "Client assertion is not a JWT: " + e;
        }
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.stop(0);
            OAuthMailhost.removeClient(appId);
        }
    }

    private MicrosoftTokenSource source(String secret) {
        return new MicrosoftTokenSource("https://127.0.0.1:" + front.getAddress().getPort(), "contoso-tenant", appId,
                secret, null, null, OAuth2Settings.MICROSOFT_MAIL_SCOPE, tls.client.getSocketFactory());
    }

    @Test
    void clientCredentialsFromMsalLogInToImapWithXoauth2() throws Exception {
        TokenCache tokens = new TokenCache(source("app-secret"), Clock.systemUTC());
        Properties p = new Properties();
        p.setProperty("mail.imap.auth.mechanisms", "XOAUTH2");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect(OAuthMailhost.HOST, OAuthMailhost.IMAP, "shared-" + run + "@mail2case.test", tokens.current());
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertEquals(0, inbox.getMessageCount());
        store.close();
        assertTrue(paths.contains("/contoso-tenant/oauth2/v2.0/token"), "msal4j asked the tenant's endpoint: " + paths);
    }

    @Test
    void aCertificateCredentialSignsAnAssertionTheTenantAcceptsAndLogsInToImap() throws Exception {
        MicrosoftTokenSource certificate = new MicrosoftTokenSource("https://127.0.0.1:" + front.getAddress().getPort(),
                "contoso-tenant", appId, null, tls.keystore, TestTls.PASSWORD, OAuth2Settings.MICROSOFT_MAIL_SCOPE,
                tls.client.getSocketFactory());
        Properties p = new Properties();
        p.setProperty("mail.imap.auth.mechanisms", "XOAUTH2");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect(OAuthMailhost.HOST, OAuthMailhost.IMAP, "shared-" + run + "@mail2case.test",
                new TokenCache(certificate, Clock.systemUTC()).current());
        store.close();
        assertEquals(1, headers.size(), "one signed assertion instead of a secret");
        assertTrue(headers.get(0).has("x5t") || headers.get(0).has("x5t#S256"),
                "the assertion names the certificate: " + headers.get(0));
    }

    @Test
    void anExpiredSecretGivesTheIdentityPlatformsReasonAndNoLogin() {
        OAuthMailhost.admin("expire-secret", "client_id", appId);
        TokenException e = assertThrows(TokenException.class, () -> source("app-secret").fetch());
        assertTrue(e.getMessage().contains("AADSTS7000222"), e.getMessage());
        assertTrue(!e.getMessage().contains("app-secret"), "the secret never shows: " + e.getMessage());

        Properties p = new Properties();
        p.setProperty("mail.imap.auth.mechanisms", "XOAUTH2");
        assertThrows(AuthenticationFailedException.class, () -> Session.getInstance(p).getStore("imap")
                .connect(OAuthMailhost.HOST, OAuthMailhost.IMAP, "shared-" + run + "@mail2case.test", "app-secret"),
                "the secret itself is no token");
    }
}

package dev.mail2case.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.mail2case.config.OAuth2Settings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Google's service account flow (RFC 7523 JWT bearer grant) against a token endpoint in the test that
 * checks the assertion the way Google does: RS256 signature by the service account's key, issuer,
 * audience, the delegated mailbox as subject and the mail scope.
 */
class GoogleServiceAccountTokenSourceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aServiceAccountWithDelegationGetsATokenForTheMailboxItActsFor() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        AtomicReference<JsonNode> claims = new AtomicReference<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String tokenUrl = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
        server.createContext("/token", exchange -> {
            Map<String, String> form = new HashMap<>();
            for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            String[] jwt = form.get("assertion").split("\\.");
            boolean valid;
            try {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initVerify(keys.getPublic());
                rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
                valid = rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))
                        && form.get("grant_type").equals("urn:ietf:params:oauth:grant-type:jwt-bearer");
            } catch (Exception e) {
                valid = false;
            }
            claims.set(JSON.readTree(Base64.getUrlDecoder().decode(jwt[1])));
            byte[] body = (valid ? "{\"access_token\":\"ya29.delegated\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"
                    : "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(valid ? 200 : 400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();

        Path key = dir.resolve("service-account.json");
        Files.writeString(key, JSON.createObjectNode().put("type", "service_account")
                .put("client_email", "mail2case@project.iam.gserviceaccount.com").put("private_key_id", "k1")
                .put("private_key", "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n")
                .put("token_uri", tokenUrl).toString());

        TokenSource google = GoogleServiceAccountTokenSource.fromKeyFile(key, null, "support@example.org",
                OAuth2Settings.GOOGLE_MAIL_SCOPE, Clock.systemUTC());
        assertEquals("ya29.delegated", google.fetch().value());
        assertEquals("mail2case@project.iam.gserviceaccount.com", claims.get().get("iss").asText());
        assertEquals("support@example.org", claims.get().get("sub").asText(), "it acts for the account's mailbox");
        assertEquals(tokenUrl, claims.get().get("aud").asText());
        assertEquals("https://mail.google.com/", claims.get().get("scope").asText());

        // Another key than the one Google holds: refused, with Google's reason.
        KeyPair other = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        TokenSource wrong = new GoogleServiceAccountTokenSource("mail2case@project.iam.gserviceaccount.com",
                other.getPrivate(), null, java.net.URI.create(tokenUrl), "support@example.org",
                OAuth2Settings.GOOGLE_MAIL_SCOPE, Clock.systemUTC());
        TokenException e = assertThrows(TokenException.class, wrong::fetch);
        assertTrue(e.getMessage().contains("invalid_grant (Invalid JWT Signature.)"), e.getMessage());
    }
}

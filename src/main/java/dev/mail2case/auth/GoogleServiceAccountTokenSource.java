package dev.mail2case.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;

/**
 * Google Workspace: a service account with domain-wide delegation acts for one mailbox. It signs a JWT
 * assertion (RFC 7523) naming the mailbox as subject and trades it for an access token.
 */
public final class GoogleServiceAccountTokenSource implements TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String clientEmail;
    private final PrivateKey key;
    private final String keyId;
    private final TokenEndpoint endpoint;
    private final String subject;
    private final String scope;
    private final Clock clock;

    /** Reads the JSON key file Google issues for a service account; a bad file is an {@link IllegalArgumentException}. */
    public static GoogleServiceAccountTokenSource fromKeyFile(Path keyFile, String tokenUrl, String subject, String scope,
                                                              Clock clock) {
        JsonNode json;
        try {
            json = JSON.readTree(Files.readString(keyFile));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot be read: " + e.getMessage());
        }
        for (String field : new String[] {"client_email", "private_key"}) {
            if (!json.hasNonNull(field)) {
                throw new IllegalArgumentException("is no service account key: it has no " + field);
            }
        }
        String url = tokenUrl != null ? tokenUrl : json.path("token_uri").asText("https://oauth2.googleapis.com/token");
        return new GoogleServiceAccountTokenSource(json.get("client_email").asText(),
                privateKey(json.get("private_key").asText()), json.path("private_key_id").asText(null), URI.create(url),
                subject, scope, clock);
    }

    public GoogleServiceAccountTokenSource(String clientEmail, PrivateKey key, String keyId, URI tokenUrl, String subject,
                                           String scope, Clock clock) {
        this.clientEmail = clientEmail;
        this.key = key;
        this.keyId = keyId;
        this.endpoint = new TokenEndpoint(tokenUrl, clock);
        this.subject = subject;
        this.scope = scope;
        this.clock = clock;
    }

    static PrivateKey privateKey(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("holds no PKCS#8 RSA private key: " + e.getMessage());
        }
    }

    @Override
    public AccessToken fetch() {
        long now = clock.instant().getEpochSecond();
        var header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        if (keyId != null) {
            header.put("kid", keyId);
        }
        var claims = JSON.createObjectNode().put("iss", clientEmail).put("sub", subject).put("scope", scope)
                .put("aud", endpoint.url().toString()).put("iat", now).put("exp", now + 3600);
        String signingInput = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String assertion;
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            assertion = signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new TokenException("cannot sign the assertion for " + clientEmail + ": " + e.getMessage(), e);
        }
        return endpoint.token(endpoint.post(TokenEndpoint.form(
                "grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer", "assertion", assertion)));
    }

    @Override
    public String describe() {
        return "Google service account " + clientEmail + " for " + subject;
    }
}

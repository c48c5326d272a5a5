package dev.mail2case.auth;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Clock;

/**
 * Any OAuth2 provider: the client credentials grant, or the refresh token grant with a stored refresh
 * token (Google's user tokens, most identity servers). A refresh token the provider rotates is kept for
 * the next request.
 */
public final class GenericTokenSource implements TokenSource {
    private final TokenEndpoint endpoint;
    private final String clientId;
    private final String clientSecret;
    private final String scope;
    private volatile String refreshToken;

    public GenericTokenSource(URI tokenUrl, String clientId, String clientSecret, String scope, String refreshToken,
                              Clock clock) {
        this.endpoint = new TokenEndpoint(tokenUrl, clock);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.refreshToken = refreshToken;
    }

    @Override
    public AccessToken fetch() {
        JsonNode answer;
        if (refreshToken == null) {
            answer = endpoint.post(TokenEndpoint.form("grant_type", "client_credentials", "client_id", clientId,
                    "client_secret", clientSecret, "scope", scope));
        } else {
            answer = endpoint.post(TokenEndpoint.form("grant_type", "refresh_token", "refresh_token", refreshToken,
                    "client_id", clientId, "client_secret", clientSecret, "scope", scope));
            if (answer.hasNonNull("refresh_token")) {
                refreshToken = answer.get("refresh_token").asText();
            }
        }
        return endpoint.token(answer);
    }

    @Override
    public String describe() {
        return (refreshToken == null ? "client credentials" : "refresh token") + " of client " + clientId
                + " at " + endpoint.url();
    }
}

package dev.mail2case.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** One OAuth2 token endpoint (RFC 6749 section 5): posts a grant as a form and reads the JSON answer. */
final class TokenEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI url;
    private final Clock clock;

    TokenEndpoint(URI url, Clock clock) {
        this.url = url;
        this.clock = clock;
    }

    URI url() {
        return url;
    }

    /** The whole answer, for the fields beyond the access token (a rotated refresh token). */
    JsonNode post(Map<String, String> form) {
        String body = form.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenException("token endpoint " + url + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted while asking " + url + " for a token", e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            answer = null;
        }
        if (response.statusCode() != 200 || answer == null || !answer.hasNonNull("access_token")) {
            throw new TokenException("token endpoint " + url + " answered HTTP " + response.statusCode()
                    + reason(answer));
        }
        return answer;
    }

    AccessToken token(JsonNode answer) {
        long seconds = answer.path("expires_in").asLong(3600);
        return new AccessToken(answer.get("access_token").asText(), clock.instant().plusSeconds(seconds));
    }

    /** The provider's error and description (RFC 6749 section 5.2), e.g. an expired client secret. */
    private static String reason(JsonNode answer) {
        if (answer == null || !answer.has("error")) {
            return "";
        }
        String description = answer.path("error_description").asText("");
        return ": " + answer.get("error").asText() + (description.isEmpty() ? "" : " (" + description + ")");
    }

    static Map<String, String> form(String... pairs) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.put(pairs[i], pairs[i + 1]);
        }
        return form;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

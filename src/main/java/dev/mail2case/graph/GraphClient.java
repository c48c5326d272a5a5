package dev.mail2case.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mail2case.auth.TokenCache;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The few Microsoft Graph mail calls mail2case makes, on the JDK's HTTP client with an app token:
 * the delta query of a folder, a message's MIME, marking it read, moving or deleting it, and sendMail.
 * Every call is bounded by a timeout; throttling (429/503) surfaces as {@link GraphThrottledException}
 * with the server's Retry-After, so the caller waits instead of retrying at once.
 */
public final class GraphClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** Graph's upper bound for message delta pages is 1000; small pages keep each step short. */
    private static final int PAGE_SIZE = 50;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final TokenCache tokens;

    /** @param baseUrl e.g. {@code https://graph.microsoft.com/v1.0} */
    public GraphClient(String baseUrl, TokenCache tokens) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.tokens = tokens;
    }

    /** One entry of a delta page: a message that is new or changed, or one that left the folder. */
    public record Change(String id, boolean isRead, boolean removed) {
    }

    /** A delta page and where to go on: {@code next} for the next page, else {@code delta} for the next sync. */
    public record DeltaPage(List<Change> changes, String next, String delta) {
    }

    /** The first delta request of a folder, before any cursor exists. */
    public String initialDelta(String mailbox, String folder) {
        return user(mailbox) + "/mailFolders/" + enc(folder) + "/messages/delta?$select=isRead";
    }

    /** Follows a delta, next or initial link. */
    public DeltaPage delta(String link) {
        JsonNode page = json(send(HttpRequest.newBuilder(URI.create(link)).GET()
                .header("Prefer", "odata.maxpagesize=" + PAGE_SIZE)));
        List<Change> changes = new ArrayList<>();
        for (JsonNode item : page.path("value")) {
            changes.add(new Change(item.path("id").asText(), item.path("isRead").asBoolean(false),
                    item.has("@removed")));
        }
        String next = page.path("@odata.nextLink").asText(null);
        String delta = page.path("@odata.deltaLink").asText(null);
        if (next == null && delta == null) {
            throw new GraphException(200, "a delta page without @odata.nextLink or @odata.deltaLink from " + link);
        }
        return new DeltaPage(changes, next, delta);
    }

    /** The message as MIME, byte for byte; null when it is gone (moved or deleted meanwhile). */
    public byte[] mime(String mailbox, String id) {
        try {
            return send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/messages/" + enc(id) + "/$value")).GET());
        } catch (GraphException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    public void markRead(String mailbox, String id) {
        send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/messages/" + enc(id)))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"isRead\":true}")));
    }

    /** Moves a message to a folder (an id or a well-known name such as {@code archive}). */
    public void move(String mailbox, String id, String destinationId) {
        send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/messages/" + enc(id) + "/move"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode()
                        .put("destinationId", destinationId).toString())));
    }

    public void delete(String mailbox, String id) {
        send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/messages/" + enc(id))).DELETE());
    }

    /**
     * The id of a folder given by well-known name, id or display name (a top-level folder); throws when
     * the mailbox has none by that name.
     */
    public String folderId(String mailbox, String folder) {
        try {
            return json(send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/mailFolders/" + enc(folder))).GET()))
                    .path("id").asText();
        } catch (GraphException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        String filter = "displayName eq '" + folder.replace("'", "''") + "'";
        JsonNode found = json(send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/mailFolders?$filter="
                + enc(filter))).GET())).path("value");
        if (found.isEmpty()) {
            throw new GraphException(404, "mailbox " + mailbox + " has no folder '" + folder + "'");
        }
        return found.get(0).path("id").asText();
    }

    /** Sends a whole MIME message as the mailbox (Graph saves a copy in Sent Items). */
    public void sendMail(String mailbox, byte[] mime) {
        send(HttpRequest.newBuilder(URI.create(user(mailbox) + "/sendMail"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Base64.getEncoder().encodeToString(mime))));
    }

    /** A mailbox by id or user principal name; the {@code @} of a UPN stays as it is, as Graph writes it. */
    private String user(String mailbox) {
        return baseUrl + "/users/" + enc(mailbox).replace("%40", "@");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode json(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new GraphException(200, "Graph answered with no JSON: " + e.getMessage());
        }
    }

    private byte[] send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(TIMEOUT).header("Authorization", "Bearer " + tokens.current()).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new GraphException("Graph cannot be reached (" + r.method() + " " + r.uri().getPath() + "): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException("interrupted", e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response.body();
        }
        String reason = r.method() + " " + r.uri().getPath() + " answered " + status + errorOf(response.body());
        if (status == 429 || status == 503) {
            long seconds = response.headers().firstValue("Retry-After").map(GraphClient::seconds).orElse(30L);
            throw new GraphThrottledException(status, Duration.ofSeconds(seconds), reason);
        }
        if (status == 401) {
            tokens.invalidate();
        }
        throw new GraphException(status, reason);
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(1, Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            return 30;
        }
    }

    /** Graph's error object: {@code {"error": {"code": ..., "message": ...}}}. */
    private static String errorOf(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body).path("error");
            return error.isMissingNode() ? "" : ": " + error.path("code").asText() + " (" + error.path("message").asText()
                    + ")";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}

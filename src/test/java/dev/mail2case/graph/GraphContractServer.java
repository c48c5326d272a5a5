package dev.mail2case.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A contract test server for the parts of Microsoft Graph mail2case uses, following the request and
 * response shapes Microsoft documents (v1.0): the identity platform's client credentials token endpoint,
 * {@code GET /users/{id}/mailFolders/{folder}/messages/delta} with {@code @odata.nextLink}/{@code
 * @odata.deltaLink} paging ({@code Prefer: odata.maxpagesize}) and {@code @removed} entries, {@code GET
 * /users/{id}/messages/{id}/$value} (the MIME), {@code PATCH} of {@code isRead}, {@code POST .../move}
 * (the moved message gets a new id), {@code GET /users/{id}/mailFolders/{idOrWellKnownName}} and the
 * {@code displayName} filter, {@code POST /users/{id}/sendMail} with a base64 MIME body, and throttling
 * (HTTP 429 with {@code Retry-After}). It is not Graph: it holds one store in memory and no permissions
 * beyond a valid bearer token.
 */
public final class GraphContractServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One message as the mailbox holds it. */
    public static final class Message {
        public final String id;
        public final String mailbox;
        public String folderId;
        public boolean isRead;
        public final byte[] mime;
        long changed;

        Message(String id, String mailbox, String folderId, byte[] mime) {
            this.id = id;
            this.mailbox = mailbox;
            this.folderId = folderId;
            this.mime = mime;
        }
    }

    private record Removed(String id, String mailbox, String folderId, long changed) {
    }

    /** One request as the server saw it. */
    public record Request(String method, String path, Instant at, int status) {
    }

    private final HttpServer server;
    private final String clientId;
    private final String clientSecret;
    private final Map<String, Message> messages = new LinkedHashMap<>();
    private final List<Removed> removed = new ArrayList<>();
    private final Map<String, String> folders = new HashMap<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private long sequence;
    private int throttle;
    private int retryAfterSeconds;

    public GraphContractServer(String clientId, String clientSecret) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        folders.put("inbox", "AAMkInbox");
        folders.put("archive", "AAMkArchive");
        folders.put("deleteditems", "AAMkDeleted");
        folders.put("sentitems", "AAMkSent");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String graphUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1.0";
    }

    public String tokenUrl(String tenant) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + tenant + "/oauth2/v2.0/token";
    }

    /** A new unread message in a mailbox's inbox; returns its id. */
    public synchronized String deliver(String mailbox, byte[] mime) {
        String id = "AAMk" + UUID.randomUUID().toString().replace("-", "");
        Message m = new Message(id, mailbox.toLowerCase(), folders.get("inbox"), mime);
        m.changed = ++sequence;
        messages.put(id, m);
        return id;
    }

    /** A folder the user made, found by its display name. */
    public synchronized String addFolder(String displayName) {
        String id = "AAMkFolder" + folders.size();
        folders.put(displayName, id);
        return id;
    }

    public synchronized List<Message> messages(String mailbox, String folderName) {
        String folderId = folders.getOrDefault(folderName, folderName);
        return messages.values().stream().filter(m -> m.mailbox.equals(mailbox.toLowerCase())
                && m.folderId.equals(folderId)).toList();
    }

    /** The next {@code count} Graph calls get 429 Too Many Requests with this Retry-After. */
    public synchronized void throttle(int count, int retryAfterSeconds) {
        this.throttle = count;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Every token issued so far stops being accepted (as when an admin revokes the app's consent). */
    public void revokeTokens() {
        tokens.clear();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<byte[]> sentMail() {
        return List.copyOf(sent);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        int status;
        try {
            status = route(ex);
        } catch (RuntimeException e) {
            status = send(ex, 500, error("InternalServerError", String.valueOf(e.getMessage())));
        }
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), Instant.now(), status));
        ex.close();
    }

    private synchronized int route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.endsWith("/oauth2/v2.0/token") && method.equals("POST")) {
            return token(ex);
        }
        if (!path.startsWith("/v1.0/users/")) {
            return send(ex, 400, error("BadRequest", "Resource not found for the segment."));
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
            return send(ex, 401, error("InvalidAuthenticationToken", "Access token validation failure."));
        }
        if (throttle > 0) {
            throttle--;
            ex.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
            return send(ex, 429, error("TooManyRequests", "Too many requests. Retry after " + retryAfterSeconds
                    + " seconds."));
        }
        String[] seg = path.substring("/v1.0/users/".length()).split("/");
        String mailbox = seg[0].toLowerCase();
        if (seg.length == 5 && seg[1].equals("mailFolders") && seg[3].equals("messages") && seg[4].equals("delta")
                && method.equals("GET")) {
            return delta(ex, mailbox, seg[2]);
        }
        if (seg.length == 2 && seg[1].equals("mailFolders") && method.equals("GET")) {
            String filter = query(ex).getOrDefault("$filter", "");
            ArrayNode value = JSON.createArrayNode();
            String wanted = filter.replaceFirst("^displayName eq '(.*)'$", "$1");
            folders.forEach((name, id) -> {
                if (name.equals(wanted)) {
                    value.addObject().put("id", id).put("displayName", name);
                }
            });
            return send(ex, 200, JSON.createObjectNode().set("value", value));
        }
        if (seg.length == 3 && seg[1].equals("mailFolders") && method.equals("GET")) {
            String id = folders.containsKey(seg[2].toLowerCase()) && isWellKnown(seg[2].toLowerCase())
                    ? folders.get(seg[2].toLowerCase()) : folders.containsValue(seg[2]) ? seg[2] : null;
            if (id == null) {
                return send(ex, 404, error("ErrorItemNotFound", "The specified object was not found in the store."));
            }
            return send(ex, 200, JSON.createObjectNode().put("id", id));
        }
        if (seg.length == 2 && seg[1].equals("sendMail") && method.equals("POST")) {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (type == null || !type.startsWith("text/plain")) {
                return send(ex, 400, error("ErrorMimeContentInvalid", "MIME content must be base64 text/plain"));
            }
            sent.add(Base64.getMimeDecoder().decode(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(202, -1);
            return 202;
        }
        if (seg.length >= 3 && seg[1].equals("messages")) {
            Message m = messages.get(seg[2]);
            if (m == null || !m.mailbox.equals(mailbox)) {
                return send(ex, 404, error("ErrorItemNotFound", "The specified object was not found in the store."));
            }
            if (seg.length == 4 && seg[3].equals("$value") && method.equals("GET")) {
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, m.mime.length);
                ex.getResponseBody().write(m.mime);
                return 200;
            }
            if (seg.length == 3 && method.equals("PATCH")) {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                if (body.has("isRead")) {
                    m.isRead = body.get("isRead").asBoolean();
                    m.changed = ++sequence;
                }
                return send(ex, 200, message(m));
            }
            if (seg.length == 3 && method.equals("DELETE")) {
                messages.remove(m.id);
                removed.add(new Removed(m.id, m.mailbox, m.folderId, ++sequence));
                ex.sendResponseHeaders(204, -1);
                return 204;
            }
            if (seg.length == 4 && seg[3].equals("move") && method.equals("POST")) {
                String destination = JSON.readTree(ex.getRequestBody()).path("destinationId").asText();
                String folderId = folders.containsKey(destination.toLowerCase()) && isWellKnown(destination.toLowerCase())
                        ? folders.get(destination.toLowerCase()) : destination;
                if (!folders.containsValue(folderId)) {
                    return send(ex, 404, error("ErrorItemNotFound", "The specified folder was not found."));
                }
                messages.remove(m.id);
                removed.add(new Removed(m.id, m.mailbox, m.folderId, ++sequence));
                // A moved message is a new item with a new id.
                Message moved = new Message("AAMk" + UUID.randomUUID().toString().replace("-", ""), m.mailbox,
                        folderId, m.mime);
                moved.isRead = m.isRead;
                moved.changed = ++sequence;
                messages.put(moved.id, moved);
                return send(ex, 201, message(moved));
            }
        }
        return send(ex, 405, error("BadRequest", "Unsupported request " + method + " " + path));
    }

    private static boolean isWellKnown(String name) {
        return List.of("inbox", "archive", "deleteditems", "sentitems").contains(name);
    }

    private int token(HttpExchange ex) throws IOException {
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"client_credentials".equals(form.get("grant_type")) || !clientId.equals(form.get("client_id"))
                || !clientSecret.equals(form.get("client_secret"))) {
            return send(ex, 401, JSON.createObjectNode().put("error", "invalid_client")
                    .put("error_description", "AADSTS7000215: Invalid client secret provided."));
        }
        if (!"https://graph.microsoft.com/.default".equals(form.get("scope"))) {
            return send(ex, 400, JSON.createObjectNode().put("error", "invalid_scope")
                    .put("error_description", "AADSTS70011: The provided value for scope is not valid."));
        }
        String token = "eyJ0eXAiOiJKV1Qi." + UUID.randomUUID();
        tokens.add(token);
        return send(ex, 200, JSON.createObjectNode().put("token_type", "Bearer").put("expires_in", 3599)
                .put("ext_expires_in", 3599).put("access_token", token));
    }

    /** Delta tokens are the store's change sequence; skip tokens page through one fixed range of it. */
    private int delta(HttpExchange ex, String mailbox, String folder) throws IOException {
        String folderId = folders.getOrDefault(folder.toLowerCase(), folder);
        Map<String, String> q = query(ex);
        long since = 0;
        long upto = sequence;
        int offset = 0;
        if (q.containsKey("$deltatoken")) {
            since = Long.parseLong(q.get("$deltatoken"));
        } else if (q.containsKey("$skiptoken")) {
            String[] parts = q.get("$skiptoken").split("-");
            since = Long.parseLong(parts[0]);
            upto = Long.parseLong(parts[1]);
            offset = Integer.parseInt(parts[2]);
        }
        String prefer = ex.getRequestHeaders().getFirst("Prefer");
        int pageSize = prefer != null && prefer.startsWith("odata.maxpagesize=")
                ? Integer.parseInt(prefer.substring("odata.maxpagesize=".length())) : 10;
        List<ObjectNode> changes = new ArrayList<>();
        for (Message m : messages.values()) {
            if (m.mailbox.equals(mailbox) && m.folderId.equals(folderId) && m.changed > since && m.changed <= upto) {
                changes.add(message(m));
            }
        }
        if (since > 0) {
            for (Removed r : removed) {
                if (r.mailbox().equals(mailbox) && r.folderId().equals(folderId) && r.changed() > since
                        && r.changed() <= upto) {
                    ObjectNode gone = JSON.createObjectNode().put("id", r.id());
                    gone.putObject("@removed").put("reason", "deleted");
                    changes.add(gone);
                }
            }
        }
        String base = graphUrl() + "/users/" + mailbox + "/mailFolders/" + folder + "/messages/delta";
        ObjectNode page = JSON.createObjectNode();
        page.put("@odata.context", graphUrl() + "/$metadata#Collection(message)");
        ArrayNode value = page.putArray("value");
        changes.stream().skip(offset).limit(pageSize).forEach(value::add);
        if (offset + pageSize < changes.size()) {
            page.put("@odata.nextLink", base + "?$skiptoken=" + since + "-" + upto + "-" + (offset + pageSize));
        } else {
            page.put("@odata.deltaLink", base + "?$deltatoken=" + upto);
        }
        return send(ex, 200, page);
    }

    private static ObjectNode message(Message m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("@odata.type", "#microsoft.graph.message");
        n.put("@odata.etag", "W/\"CQAAABYAAAC" + m.changed + "\"");
        n.put("id", m.id);
        n.put("isRead", m.isRead);
        n.put("parentFolderId", m.folderId);
        return n;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode n = JSON.createObjectNode();
        n.putObject("error").put("code", code).put("message", message);
        return n;
    }

    private static int send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        return status;
    }

    private static Map<String, String> query(HttpExchange ex) {
        String raw = ex.getRequestURI().getRawQuery();
        return raw == null ? Map.of() : form(raw);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new HashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return out;
    }
}

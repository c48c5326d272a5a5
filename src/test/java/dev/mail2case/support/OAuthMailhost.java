package dev.mail2case.support;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The real Postfix + Dovecot mail host with its OAuth2 token server (the shared mailhost kit), started
 * through its {@code up.sh} on ports of its own. Dovecot checks every XOAUTH2 token with the token
 * server, so a revoked or expired token is refused exactly as Microsoft 365 or Gmail refuse it. Where the
 * kit cannot start (no root, not Debian) the tests are skipped with the reason.
 */
public final class OAuthMailhost {
    public static final String HOST = "127.0.0.1";
    public static final int SMTP = TestApp.freePort();
    public static final int IMAP = TestApp.freePort();
    public static final int POP3 = TestApp.freePort();
    public static final int OAUTH = TestApp.freePort();
    public static final String TOKEN_URL = "http://127.0.0.1:" + OAUTH + "/token";
    public static final String PASSWORD = "secret";
    private static final String DIR = "/tmp/m2c-oauth-" + ProcessHandle.current().pid();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String unavailable;
    private static boolean started;

    private OAuthMailhost() {
    }

    /** Starts the mail host once per JVM, or skips the calling test saying why it cannot. */
    public static synchronized void require() {
        if (!started && unavailable == null) {
            unavailable = start();
            started = unavailable == null;
        }
        if (unavailable != null) {
            System.out.println("Skipped: the OAuth2 mail host cannot start: " + unavailable);
        }
        Assumptions.assumeTrue(unavailable == null, () -> "the OAuth2 mail host cannot start: " + unavailable);
    }

    private static String start() {
        String kit = System.getenv().getOrDefault("MAILHOST_KIT",
                Path.of(System.getProperty("mail2case.home", "."), "..", "shared", "mailhost").toString());
        Path up = Path.of(kit, "up.sh");
        if (!Files.isExecutable(up)) {
            return up + " is missing (set MAILHOST_KIT to the mailhost kit)";
        }
        ProcessBuilder pb = new ProcessBuilder("bash", up.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("MAILHOST_DIR", DIR);
        env.put("MAILHOST_SMTP_PORT", Integer.toString(SMTP));
        env.put("MAILHOST_SMTPS_PORT", Integer.toString(TestApp.freePort()));
        env.put("MAILHOST_IMAP_PORT", Integer.toString(IMAP));
        env.put("MAILHOST_IMAPS_PORT", Integer.toString(TestApp.freePort()));
        env.put("MAILHOST_POP3_PORT", Integer.toString(POP3));
        env.put("MAILHOST_POP3S_PORT", Integer.toString(TestApp.freePort()));
        env.put("MAILHOST_OAUTH_PORT", Integer.toString(OAUTH));
        // Stopped with the JVM, so no later run finds its ports taken.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> down(kit, env), "oauth-mailhost-down"));
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                return "up.sh failed: " + out.substring(Math.max(0, out.length() - 600)).strip();
            }
            return null;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void down(String kit, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of(kit, "down.sh").toString(), "--purge")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        try {
            pb.start().waitFor(2, TimeUnit.MINUTES);
        } catch (IOException e) {
            // nothing left to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The text of one of the mail host's logs ({@code dovecot.log}, {@code postfix.log}, {@code oauth2.log}). */
    public static String log(String name) throws IOException {
        return Files.readString(Path.of(DIR, "log", name), StandardCharsets.ISO_8859_1);
    }

    /** POSTs a test control to the token server ({@code /admin/ACTION}) and returns its JSON answer. */
    public static String admin(String action, String... pairs) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            form.append(form.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + OAUTH + "/admin/" + action));
        request = action.equals("state") ? request.GET()
                : request.header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/admin/" + action + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A client of the token server for one test only (its own secret state, token lifetime and tokens). */
    public static void registerClient(String clientId, String secret, int ttlSeconds) {
        admin("clients", "client_id", clientId, "client_secret", secret, "ttl", Integer.toString(ttlSeconds));
    }

    public static void removeClient(String clientId) {
        admin("clients", "client_id", clientId, "remove", "1");
    }

    /** How many access tokens the token server has issued to a client so far (active, expired or revoked). */
    public static long accessTokensIssued(String clientId) {
        try {
            var state = new com.fasterxml.jackson.databind.ObjectMapper().readTree(admin("state"));
            long n = 0;
            for (var t : state.path("tokens")) {
                if (t.path("kind").asText().equals("access") && t.path("client_id").asText().equals(clientId)) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands a mail to Postfix (no login needed from loopback); it lands in the recipient's Dovecot mailbox. */
    public static void send(String from, String to, String subject, String text) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", HOST);
        p.setProperty("mail.smtp.port", Integer.toString(SMTP));
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from));
        m.setRecipients(Message.RecipientType.TO, to);
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        Transport.send(m);
    }

    /** Subjects in a mailbox, read with the shared password (peeking, flags untouched). */
    public static List<String> subjects(String address) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.imap.peek", "true");
        Store store = Session.getInstance(p).getStore("imap");
        store.connect(HOST, IMAP, address, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            List<String> out = new ArrayList<>();
            for (Message m : inbox.getMessages()) {
                out.add(m.getSubject());
            }
            inbox.close(false);
            return out;
        } finally {
            store.close();
        }
    }

    /** How many mails of a mailbox are still unseen. */
    public static int unseen(String address) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(HOST, IMAP, address, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int n = inbox.getUnreadMessageCount();
            inbox.close(false);
            return n;
        } finally {
            store.close();
        }
    }

}

package dev.mail2case.k8s;

import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three replicas of the real application (each its own JVM) on one PostgreSQL and one mail server with an
 * IMAP and a POP3 account; one replica is killed (SIGKILL) while mail streams in.
 */
class ReplicasTest {
    private static final int REPLICAS = 3;
    private static final int NEW_MAILS = 320;
    private static final int CLIENT_CASES = 4;
    private static final int REPLIES = 40;
    private static final String CLIENT = "anna@northwind.example";

    private final TestMailServer mail = new TestMailServer();
    private final List<Process> processes = new ArrayList<>();
    private final List<Properties> settings = new ArrayList<>();
    private final List<SessionCountingProxy> proxies = new ArrayList<>();
    private final SessionCountingProxy.Mailbox imap = new SessionCountingProxy.Mailbox();
    private final SessionCountingProxy.Mailbox pop3 = new SessionCountingProxy.Mailbox();
    private String jdbcUrl;

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.getOutputStream().close();
            }
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        for (SessionCountingProxy p : proxies) {
            p.close();
        }
        mail.close();
    }

    @Test
    void eachAccountHasOnePollerAndAKilledReplicaLosesAndDoublesNothing() throws Exception {
        jdbcUrl = TestPostgres.newDatabase();
        Properties base = TestApp.settings(jdbcUrl, mail);
        base.setProperty("mail2case.cluster", "postgresql");
        base.setProperty("mail2case.cluster.lease-seconds", "3");
        base.setProperty("mail2case.cluster.renew-ms", "500");
        base.setProperty("mail2case.auto-mail.rate-limits", "100000/PT10M");
        base.setProperty("mail2case.timers.follow-ups-cron", "* * * * * ?");
        Path dir = Files.createDirectories(Path.of("target", "replicas", Long.toString(System.nanoTime())));
        CountDownLatch started = new CountDownLatch(REPLICAS);
        for (int i = 0; i < REPLICAS; i++) {
            Properties p = new Properties();
            p.putAll(base);
            SessionCountingProxy toImap = new SessionCountingProxy(mail.imapPort(), imap);
            SessionCountingProxy toPop3 = new SessionCountingProxy(mail.pop3Port(), pop3);
            proxies.add(toImap);
            proxies.add(toPop3);
            p.setProperty("mail2case.account.support.port", Integer.toString(toImap.port()));
            p.setProperty("mail2case.account.requests.port", Integer.toString(toPop3.port()));
            p.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
            p.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
            p.setProperty("mail2case.cluster.member", "replica-" + i);
            settings.add(p);
            processes.add(launch(p, dir.resolve("replica-" + i), started));
        }
        assertTrue(started.await(240, TimeUnit.SECONDS), "three replicas start (logs in " + dir + ")");

        // Two accounts over three replicas: never both on one.
        await().atMost(Duration.ofSeconds(60)).until(() -> owners().size() == 2
                && !owners().get("mail2case-account-support").equals(owners().get("mail2case-account-requests")));

        // A replica whose account routes stand still is as ready as one that polls.
        for (Properties p : settings) {
            await().atMost(Duration.ofSeconds(30)).until(() -> ready(p) == 200);
        }

        execute("INSERT INTO regions (name, notifications_active, events, follow_up_days, notify_statuses) "
                + "VALUES ('EU-North', true, 'case-closed,follow-up', 0.0001, 'WAITING')");
        execute("INSERT INTO clients (name, region, email, notify) VALUES ('Northwind', 'EU-North', "
                + "'office@northwind.example', true)");
        execute("INSERT INTO contacts (email, kind, client_id) SELECT '" + CLIENT + "', 'CLIENT_CONTACT', id FROM clients");
        for (int i = 0; i < CLIENT_CASES; i++) {
            mail.send(CLIENT, i % 2 == 0 ? TestApp.SUPPORT : TestApp.REQUESTS, "Client request " + i, "Please help " + i);
        }
        int sent = CLIENT_CASES;
        for (; sent < 120; sent++) {
            sendNew(sent);
        }
        await().atMost(Duration.ofSeconds(120)).until(() -> count("SELECT count(*) FROM inbound_mail") >= 60);

        // Kill the replica polling the IMAP account, as the kernel would.
        String victim = owners().get("mail2case-account-support");
        int v = Integer.parseInt(victim.substring("replica-".length()));
        Process killed = processes.get(v);
        killed.destroyForcibly();
        killed.waitFor();
        java.sql.Timestamp killedAt = (java.sql.Timestamp) one("SELECT now()");

        for (; sent < NEW_MAILS; sent++) {
            sendNew(sent);
        }
        List<Object[]> replyTo = query("SELECT number, sender_address, subject FROM cases WHERE sender_address LIKE "
                + "'sender-%' ORDER BY number LIMIT " + REPLIES);
        assertEquals(REPLIES, replyTo.size());
        for (Object[] c : replyTo) {
            mail.send((String) c[1], TestApp.SUPPORT, "Re: [#" + c[0] + "] " + c[2], "One more thing.");
        }
        Properties survivor = settings.get((v + 1) % REPLICAS);
        await().atMost(Duration.ofSeconds(60)).until(() -> count(
                "SELECT count(*) FROM cases WHERE sender_address = '" + CLIENT + "'") == CLIENT_CASES);
        for (Object[] c : query("SELECT number FROM cases WHERE sender_address = '" + CLIENT + "'")) {
            assertEquals(200, TestApp.api(survivor, "POST", "/cases/" + c[0] + "/close", null).statusCode());
        }

        int total = NEW_MAILS + REPLIES;
        await().atMost(Duration.ofSeconds(240)).until(() -> count("SELECT count(*) FROM inbound_mail") >= total
                && count("SELECT count(*) FROM outbox WHERE event = 'follow-up'") >= CLIENT_CASES
                && mail.greenMail().getManagers().getImapHostManager()
                .getInbox(mail.greenMail().getManagers().getUserManager().getUser(TestApp.REQUESTS))
                .getMessageCount() == 0);

        double failover = ((Number) one("SELECT extract(epoch FROM acquired_at - ?) FROM cluster_leases "
                + "WHERE namespace = 'mail2case-account-support'", killedAt)).doubleValue();
        Map<String, Integer> ackTimes = new HashMap<>();
        for (MimeMessage m : mail.greenMail().getReceivedMessages()) {
            String auto = m.getHeader("Auto-Submitted", null);
            if ("auto-replied".equals(auto)) {
                ackTimes.merge(m.getMessageID(), 1, Integer::sum);
            }
        }
        long doubleAcks = ackTimes.values().stream().filter(n -> n > 1).count();
        System.out.printf("replicas=%d mails=%d killed=%s failover=%.1fs most-imap-pollers=%d most-pop3-pollers=%d "
                        + "pop3-DELE=%d duplicates=%d failures=%d quarantined=%d acks-sent-twice=%d%n",
                REPLICAS, total, victim, failover, imap.most(), pop3.most(), pop3.deletes(),
                count("SELECT count(*) FROM (SELECT 1 FROM inbound_mail GROUP BY account, idempotency_key "
                        + "HAVING count(*) > 1) d"),
                count("SELECT count(*) FROM inbound_failures"), count("SELECT count(*) FROM quarantine"), doubleAcks);

        assertEquals(total, count("SELECT count(*) FROM inbound_mail"), "every mail recorded once");
        assertEquals(NEW_MAILS, count("SELECT count(*) FROM cases"), "one case per new mail");
        assertEquals(REPLIES, count("SELECT count(*) FROM inbound_mail WHERE outcome = 'REPLY_ADDED'"),
                "each reply joined its case once");
        assertEquals(0, count("SELECT count(*) FROM (SELECT 1 FROM inbound_mail GROUP BY message_id "
                + "HAVING count(*) > 1) d"), "no mail taken twice");
        assertEquals(0, count("SELECT count(*) FROM inbound_failures"), "a race is no failed try");
        assertEquals(0, count("SELECT count(*) FROM quarantine"), "nothing quarantined");
        assertEquals(1, imap.most(), "one replica at a time polls the IMAP account");
        assertEquals(1, pop3.most(), "one replica at a time polls the POP3 account");
        assertEquals(NEW_MAILS, count("SELECT count(*) FROM outbox WHERE event = 'acknowledgement'"),
                "one acknowledgement per case");
        assertEquals(0, doubleAcks, "no acknowledgement went out twice");
        assertEquals(CLIENT_CASES, count("SELECT count(*) FROM outbox WHERE event = 'follow-up'"),
                "each closed case is followed up once");
        assertNotEquals(victim, owners().get("mail2case-account-support"), "another replica took the account over");
    }

    private static int ready(Properties p) throws Exception {
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + p.getProperty("camel.management.port") + "/observe/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private void sendNew(int i) throws Exception {
        mail.send("sender-" + i + "@example.org", i % 2 == 0 ? TestApp.SUPPORT : TestApp.REQUESTS,
                "Request " + i, "Mail number " + i);
    }

    private Process launch(Properties p, Path base, CountDownLatch started) throws Exception {
        Path file = Path.of(base + ".properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.store(out, "replica");
        }
        String classpath = String.join(java.io.File.pathSeparator, new java.util.LinkedHashSet<>(List.of(System
                .getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .split(java.io.File.pathSeparator))));
        Files.writeString(Path.of(base + ".classpath"), classpath.replace(java.io.File.pathSeparator, "\n"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath,
                ReplicaProcess.class.getName(), file.toString()).redirectErrorStream(true);
        Process process = pb.start();
        Path log = Path.of(base + ".log");
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    out.flush();
                    if (line.equals(ReplicaProcess.STARTED)) {
                        started.countDown();
                    }
                }
            } catch (java.io.IOException ignored) {
                // the replica is gone
            }
        });
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private Map<String, String> owners() throws SQLException {
        Map<String, String> out = new HashMap<>();
        for (Object[] r : query("SELECT namespace, owner FROM cluster_leases WHERE expires_at > now()")) {
            out.put((String) r[0], (String) r[1]);
        }
        return out;
    }

    private long count(String sql) throws SQLException {
        return ((Number) one(sql)).longValue();
    }

    private Object one(String sql, Object... args) throws SQLException {
        return query(sql, args).get(0)[0];
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            c.createStatement().execute(sql);
        }
    }

    private List<Object[]> query(String sql, Object... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[rs.getMetaData().getColumnCount()];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }
}

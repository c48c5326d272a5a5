package dev.mail2case.bench;

import dev.mail2case.start.Mail2CaseApp;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/**
 * {@code benchmark ingest}: the same generated mail drained twice from IMAP into PostgreSQL, once by a bare
 * loop (fetch in batches of 50, JDBC batch insert of mail, body and attachments, one transaction per batch)
 * and once by mail2case's own routes, with throughput, latency and memory for both and their ratio.
 * Embedded PostgreSQL and GreenMail by default; a user's own servers through {@code --imap-*} and
 * {@code --db-*} options.
 */
public final class IngestBenchmark {
    private static final String LOOP_SCHEMA = "mail2case_bench_loop";

    private final Map<String, String> opt;
    private final int mails;
    private final String mix;
    /** Accounts drained at once, the mail shared out between their mailboxes. */
    private final int accounts;
    private final List<byte[]> corpus = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    /** Drains of the same mail one after another: the first on a cold JVM, the rest on a warm one. */
    private final int rounds;
    private int round = 1;

    private String imapHost;
    /** Heap in use after a collection once the routes are up, before they take any mail. */
    private long idleHeap;
    private int imapPort;
    private int smtpPort;
    private String dbUrl;
    private String dbUser;
    private String dbPassword;

    private IngestBenchmark(Map<String, String> opt) {
        this.opt = opt;
        this.mails = Integer.parseInt(opt.getOrDefault("mails", "500"));
        this.mix = opt.getOrDefault("mix", "mixed");
        this.accounts = Integer.parseInt(opt.getOrDefault("accounts", "1"));
        this.rounds = mix.equals("large") ? 1 : Math.max(1, Integer.parseInt(opt.getOrDefault("rounds", "2")));
        if (!mix.equals("mixed") && !mix.equals("small") && !mix.equals("large")) {
            throw new IllegalArgumentException("--mix is mixed, small or large, not " + mix);
        }
    }

    public static int run(List<String> args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                System.err.println("""
                        usage: benchmark ingest [--mails=500] [--mix=mixed|small|large] [--large-mb=50] [--loop=false]
                               [--per-poll=50] [--poll-ms=200] [--idle-mails=20] [--accounts=1] [--rounds=2]
                               [--consumers=1]
                               [--imap-host=H --imap-port=P --imap-user=U --imap-password=W --loop-user=U2 --loop-password=W2
                                --smtp-host=H --smtp-port=P --db-url=JDBC --db-user=U --db-password=W]
                        Without --imap-host it runs on an embedded mail server, without --db-url on an embedded PostgreSQL (demo jar).""");
                return 2;
            }
            opt.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return new IngestBenchmark(opt).run();
    }

    private int run() throws Exception {
        AutoCloseable embedded = null;
        if (!opt.containsKey("db-url") || !opt.containsKey("imap-host")) {
            embedded = startEmbedded();
            if (embedded == null) {
                return 2;
            }
        }
        if (opt.containsKey("imap-host")) {
            imapHost = opt.get("imap-host");
            imapPort = Integer.parseInt(opt.getOrDefault("imap-port", "143"));
            smtpPort = Integer.parseInt(opt.getOrDefault("smtp-port", "25"));
        }
        if (opt.containsKey("db-url")) {
            dbUrl = opt.get("db-url");
            dbUser = opt.getOrDefault("db-user", "postgres");
            dbPassword = opt.getOrDefault("db-password", "");
        }
        try {
            generate(1);
            long bytes = corpus.stream().mapToLong(b -> b.length).sum();
            System.out.printf("%d %s mails, %.1f MB, average %.0f KB; %d CPU cores; %d round%s; %s consumer thread(s)"
                    + " per account%n", mails, mix, bytes / 1e6, bytes / 1024.0 / mails,
                    Runtime.getRuntime().availableProcessors(), rounds, rounds == 1 ? "" : "s, the first on a cold JVM",
                    opt.getOrDefault("consumers", "1"));
            boolean withLoop = !"false".equals(opt.get("loop"));
            List<Result> loop = new ArrayList<>();
            for (int r = 1; withLoop && r <= rounds; r++) {
                generate(r);
                loop.add(bareLoop());
            }
            generate(1);
            List<Result> m2c = mail2case();
            System.out.println();
            System.out.printf("%-22s %9s %8s %31s %31s %9s %9s%n", "", "mails/s", "MB/s", "idle arrival-to-commit p50/p95/max",
                    "idle arrival-to-ack p50/p95/max", "peak heap", "peak RSS");
            for (int r = 0; r < loop.size(); r++) {
                loop.get(r).print("bare loop" + roundName(r), bytes, mails);
            }
            for (int r = 0; r < m2c.size(); r++) {
                m2c.get(r).print("mail2case" + roundName(r), bytes, mails);
            }
            for (int r = 0; r < loop.size(); r++) {
                System.out.printf("mail2case drains at %.0f%% of the bare loop's rate%s%n",
                        100.0 * loop.get(r).seconds / m2c.get(r).seconds, roundName(r));
            }
            long peak = m2c.stream().mapToLong(Result::peakHeap).max().orElse(0);
            System.out.printf("heap: -Xmx %d MB; mail2case's peak heap above its idle heap %d MB%n",
                    Runtime.getRuntime().maxMemory() / 1_000_000, (peak - idleHeap) / 1_000_000);
            return 0;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private String roundName(int r) {
        return rounds == 1 ? "" : r == 0 ? ", cold" : ", warm" + (rounds > 2 ? " " + r : "");
    }

    /** The Message-ID prefix of this round's mail. */
    private String prefix() {
        return "bench-" + run + "-" + round + "-";
    }

    private AutoCloseable startEmbedded() throws Exception {
        try {
            Class.forName("com.icegreen.greenmail.util.GreenMail");
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres");
        } catch (ClassNotFoundException e) {
            System.err.println("The embedded PostgreSQL and mail server are not in this jar: run the benchmark from"
                    + " mail2case-demo.jar, or give --imap-host and --db-url for your own servers.");
            return null;
        }
        return Embedded.start(this);
    }

    /** Embedded servers, in a class of their own so the service jar never loads them. */
    private static final class Embedded {
        static AutoCloseable start(IngestBenchmark b) throws Exception {
            var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
            int imap = freePort();
            int smtp = freePort();
            var mail = new com.icegreen.greenmail.util.GreenMail(new com.icegreen.greenmail.util.ServerSetup[]{
                    new com.icegreen.greenmail.util.ServerSetup(smtp, "127.0.0.1", "smtp"),
                    new com.icegreen.greenmail.util.ServerSetup(imap, "127.0.0.1", "imap")});
            mail.start();
            mail.setUser("bench@bench.example", "bench@bench.example", "bench");
            mail.setUser("loop@bench.example", "loop@bench.example", "bench");
            for (int a = 2; a <= b.accounts; a++) {
                mail.setUser("bench-" + a + "@bench.example", "bench-" + a + "@bench.example", "bench");
            }
            b.opt.putIfAbsent("imap-user", "bench@bench.example");
            b.opt.putIfAbsent("imap-password", "bench");
            b.opt.putIfAbsent("loop-user", "loop@bench.example");
            b.opt.putIfAbsent("loop-password", "bench");
            b.imapHost = "127.0.0.1";
            b.imapPort = imap;
            b.smtpPort = smtp;
            b.dbUrl = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
            b.dbUser = "postgres";
            b.dbPassword = "";
            System.out.println("Embedded PostgreSQL on " + pg.getPort() + ", GreenMail IMAP " + imap + ", SMTP " + smtp);
            return () -> {
                mail.stop();
                pg.close();
            };
        }
    }

    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Deterministic mail: text only (small), or a mix where a third carries attachments up to about 1 MB. */
    private void generate(int round) throws Exception {
        this.round = round;
        corpus.clear();
        ids.clear();
        Random r = new Random(18);
        Session s = Session.getInstance(new Properties());
        for (int i = 0; i < mails; i++) {
            if (mix.equals("large")) {
                corpus.add(large(r, i));
                ids.add(prefix() + i + "@bench.example");
                continue;
            }
            MimeMessage m = new MimeMessage(s);
            String id = prefix() + i + "@bench.example";
            m.setFrom("Client " + (i % 200) + " <client" + (i % 200) + "@clients" + (i % 7) + ".example>");
            m.setRecipients(Message.RecipientType.TO, opt.get("imap-user"));
            m.setSubject("Request " + i + ": the printer on floor " + (i % 9) + " jams", "UTF-8");
            m.setSentDate(new java.util.Date());
            String text = text(r, mix.equals("small") ? 12_000 : 4_000 + r.nextInt(8_000));
            int kind = mix.equals("small") ? 0 : r.nextInt(100);
            if (kind < 55) {
                m.setText(text, "UTF-8");
            } else {
                MimeMultipart mixed = new MimeMultipart("mixed");
                MimeBodyPart body = new MimeBodyPart();
                body.setText(text, "UTF-8");
                mixed.addBodyPart(body);
                int size = kind < 90 ? 30_000 + r.nextInt(170_000) : 300_000 + r.nextInt(600_000);
                byte[] data = new byte[size];
                r.nextBytes(data);
                MimeBodyPart file = new MimeBodyPart();
                file.setDataHandler(new jakarta.activation.DataHandler(
                        new jakarta.mail.util.ByteArrayDataSource(data, "application/pdf")));
                file.setFileName("scan-" + i + ".pdf");
                file.setDisposition(Part.ATTACHMENT);
                mixed.addBodyPart(file);
                m.setContent(mixed);
            }
            m.saveChanges();
            m.setHeader("Message-ID", "<" + id + ">");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            corpus.add(out.toByteArray());
            ids.add(id);
        }
    }

    /** One mail with one attachment of --large-mb (50) MB, written as a client writes it (base64, 76 a line). */
    private byte[] large(Random r, int i) throws Exception {
        int size = Integer.parseInt(opt.getOrDefault("large-mb", "50")) * 1024 * 1024;
        ByteArrayOutputStream out = new ByteArrayOutputStream(size / 3 * 4 + size / 57 * 2 + 4096);
        out.write(("From: Client " + i + " <client" + i + "@clients.example>\r\nTo: " + opt.get("imap-user")
                + "\r\nSubject: Request " + i + ": the whole scan\r\nMessage-ID: <" + prefix() + i
                + "@bench.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe scan is attached.\r\n--b1\r\n"
                + "Content-Type: application/pdf; name=\"scan.pdf\"\r\nContent-Disposition: attachment; filename=\"scan.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        try (java.io.OutputStream b64 = java.util.Base64.getMimeEncoder(76, new byte[]{'\r', '\n'}).wrap(
                new java.io.FilterOutputStream(out) {
                    @Override
                    public void close() {
                        // the mail goes on after the attachment
                    }
                })) {
            byte[] piece = new byte[57 * 1024];
            for (int left = size; left > 0; left -= piece.length) {
                r.nextBytes(piece);
                b64.write(piece, 0, Math.min(left, piece.length));
            }
        }
        out.write("\r\n--b1--\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String text(Random r, int length) {
        String[] words = {"printer", "jams", "every", "second", "page", "since", "Monday", "please", "send", "someone",
                "the", "tray", "error", "E13", "floor", "office", "thanks", "regards", "again", "today"};
        StringBuilder b = new StringBuilder(length + 20);
        while (b.length() < length) {
            b.append(words[r.nextInt(words.length)]).append(b.length() % 70 < 8 ? "\r\n" : " ");
        }
        return b.toString();
    }

    /** Appends the corpus in batches of 50; the arrival time of each mail is when its batch was stored. */
    private Map<String, Long> load(String user, String password) throws Exception {
        return load(user, password, 0, 1);
    }

    /** Appends every parts-th mail from part on, in batches of 50. */
    private Map<String, Long> load(String user, String password, int part, int parts) throws Exception {
        Map<String, Long> arrival = new HashMap<>();
        Session s = Session.getInstance(new Properties());
        Store store = s.getStore("imap");
        store.connect(imapHost, imapPort, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            List<Integer> mine = new ArrayList<>();
            for (int j = part; j < corpus.size(); j += parts) {
                mine.add(j);
            }
            for (int i = 0; i < mine.size(); i += 50) {
                List<Integer> slice = mine.subList(i, Math.min(i + 50, mine.size()));
                Message[] batch = new Message[slice.size()];
                for (int j = 0; j < batch.length; j++) {
                    batch[j] = new MimeMessage(s, new jakarta.mail.util.SharedByteArrayInputStream(corpus.get(slice.get(j))));
                }
                inbox.appendMessages(batch);
                long now = System.currentTimeMillis();
                for (int j : slice) {
                    arrival.put(ids.get(j), now);
                }
            }
        } finally {
            store.close();
        }
        return arrival;
    }

    private Result bareLoop() throws Exception {
        System.out.println("Bare loop: loading " + mails + " mails into " + opt.get("loop-user") + "…");
        load(opt.get("loop-user"), opt.get("loop-password"));
        Memory.reset();
        Map<String, Long> committed = new HashMap<>();
        long start = System.nanoTime();
        double seconds;
        Session s = Session.getInstance(new Properties());
        Store store = s.getStore("imap");
        store.connect(imapHost, imapPort, opt.get("loop-user"), opt.get("loop-password"));
        try (Connection db = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
            try (Statement st = db.createStatement()) {
                st.execute("DROP SCHEMA IF EXISTS " + LOOP_SCHEMA + " CASCADE");
                st.execute("CREATE SCHEMA " + LOOP_SCHEMA);
                st.execute("CREATE TABLE " + LOOP_SCHEMA + ".mail (id BIGINT PRIMARY KEY, message_id TEXT,"
                        + " from_address TEXT, subject TEXT, raw BYTEA NOT NULL, received_at TIMESTAMPTZ NOT NULL)");
                st.execute("CREATE TABLE " + LOOP_SCHEMA + ".body (mail_id BIGINT REFERENCES " + LOOP_SCHEMA
                        + ".mail(id), text TEXT)");
                st.execute("CREATE TABLE " + LOOP_SCHEMA + ".attachment (mail_id BIGINT REFERENCES " + LOOP_SCHEMA
                        + ".mail(id), filename TEXT, content_type TEXT, content BYTEA)");
            }
            db.setAutoCommit(false);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            int total = inbox.getMessageCount();
            long id = 0;
            for (int first = 1; first <= total; first += 50) {
                Message[] batch = inbox.getMessages(first, Math.min(first + 49, total));
                FetchProfile fp = new FetchProfile();
                fp.add(IMAPFolder.FetchProfileItem.MESSAGE);
                inbox.fetch(batch, fp);
                List<String> batchIds = new ArrayList<>();
                try (PreparedStatement mail = db.prepareStatement("INSERT INTO " + LOOP_SCHEMA
                        + ".mail (id, message_id, from_address, subject, raw, received_at) VALUES (?,?,?,?,?,now())");
                     PreparedStatement body = db.prepareStatement("INSERT INTO " + LOOP_SCHEMA
                             + ".body (mail_id, text) VALUES (?,?)");
                     PreparedStatement att = db.prepareStatement("INSERT INTO " + LOOP_SCHEMA
                             + ".attachment (mail_id, filename, content_type, content) VALUES (?,?,?,?)")) {
                    for (Message m : batch) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        m.writeTo(out);
                        byte[] raw = out.toByteArray();
                        MimeMessage parsed = new MimeMessage(s, new ByteArrayInputStream(raw));
                        id++;
                        String mid = parsed.getMessageID();
                        batchIds.add(mid == null ? "" : mid.replaceAll("[<>]", ""));
                        mail.setLong(1, id);
                        mail.setString(2, mid);
                        mail.setString(3, parsed.getHeader("From", ","));
                        mail.setString(4, parsed.getSubject());
                        mail.setBytes(5, raw);
                        mail.addBatch();
                        walk(parsed, id, body, att);
                    }
                    mail.executeBatch();
                    body.executeBatch();
                    att.executeBatch();
                }
                db.commit();
                inbox.setFlags(batch, new Flags(Flags.Flag.SEEN), true);
                long now = System.currentTimeMillis();
                batchIds.forEach(m -> committed.put(m, now));
                Memory.sample();
                progress("bare loop", committed.size(), start);
            }
            seconds = (System.nanoTime() - start) / 1e9; // the clean-up after the last commit is not the loop's
            // Emptied, so the next round's loop finds only its own mail.
            inbox.setFlags(1, total, new Flags(Flags.Flag.DELETED), true);
            inbox.close(true);
            try (Statement st = db.createStatement()) {
                db.setAutoCommit(true);
                st.execute("DROP SCHEMA " + LOOP_SCHEMA + " CASCADE");
            }
        } finally {
            store.close();
        }
        System.out.println();
        return new Result(seconds, List.of(), List.of(), Memory.peakHeap(), Memory.peakRss());
    }

    private static void walk(Part p, long id, PreparedStatement body, PreparedStatement att) throws Exception {
        if (p.isMimeType("multipart/*")) {
            MimeMultipart mp = (MimeMultipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                walk(mp.getBodyPart(i), id, body, att);
            }
        } else if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition()) || p.getFileName() != null) {
            att.setLong(1, id);
            att.setString(2, p.getFileName());
            att.setString(3, p.getContentType());
            att.setBytes(4, p.getInputStream().readAllBytes());
            att.addBatch();
        } else if (p.isMimeType("text/*")) {
            body.setLong(1, id);
            body.setString(2, p.getContent().toString());
            body.addBatch();
        }
    }

    private List<Result> mail2case() throws Exception {
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", dbUrl);
        p.setProperty("mail2case.db.user", dbUser);
        p.setProperty("mail2case.db.password", dbPassword);
        p.setProperty("mail2case.smtp.host", opt.getOrDefault("smtp-host", imapHost));
        p.setProperty("mail2case.smtp.port", Integer.toString(smtpPort));
        List<String> names = new ArrayList<>();
        for (int a = 0; a < accounts; a++) {
            String id = a == 0 ? "bench" : "bench" + (a + 1);
            names.add(id);
            String k = "mail2case.account." + id + ".";
            p.setProperty(k + "protocol", "imap");
            p.setProperty(k + "host", imapHost);
            p.setProperty(k + "port", Integer.toString(imapPort));
            p.setProperty(k + "username", mailbox(a));
            p.setProperty(k + "password", opt.get("imap-password"));
            p.setProperty(k + "address", mailbox(a));
            p.setProperty(k + "after-processing", "seen");
            p.setProperty(k + "purpose", "client-support");
            p.setProperty(k + "unknown-senders", "accept-unregistered");
            p.setProperty(k + "poll-delay-ms", opt.getOrDefault("poll-ms", "200"));
            p.setProperty(k + "max-messages-per-poll", opt.getOrDefault("per-poll", "50"));
            p.setProperty(k + "consumers", opt.getOrDefault("consumers", "1"));
            if (mix.equals("large")) {
                int mb = Integer.parseInt(opt.getOrDefault("large-mb", "50"));
                p.setProperty(k + "max-message-mb", Integer.toString(mb * 2));
                p.setProperty(k + "max-part-mb", Integer.toString(mb * 2));
            }
        }
        p.setProperty("mail2case.accounts", String.join(",", names));
        p.setProperty("mail2case.case-flood.limit", "1000000");
        p.setProperty("camel.server.port", Integer.toString(freePort()));
        p.setProperty("camel.management.port", Integer.toString(freePort()));
        // A backlog, as after an outage or a migration: all the mail is on the server before the routes start.
        boolean large = mix.equals("large");
        if (!large) {
            for (int a = 0; a < accounts; a++) {
                load(mailbox(a), opt.get("imap-password"), a, accounts);
            }
            corpus.clear(); // the server has it; what the heap holds from here on is mail2case's
        }
        System.out.println("mail2case: " + mails + " mails waiting; starting its routes on " + opt.get("imap-user") + "…");
        Mail2CaseApp app = Mail2CaseApp.start(p);
        try {
            System.gc();
            idleHeap = Memory.usedHeap();
            List<Result> drains = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                if (r > 1) {
                    // The same backlog again, on the server before the pollers go on: now on a warm JVM.
                    for (String id : names) {
                        app.context().getRouteController().suspendRoute("account-" + id);
                    }
                    generate(r);
                    for (int a = 0; a < accounts; a++) {
                        load(mailbox(a), opt.get("imap-password"), a, accounts);
                    }
                    corpus.clear();
                    System.gc();
                    System.out.println("mail2case, round " + r + ": " + mails + " mails waiting…");
                }
                Memory.reset();
                if (large) {
                    // Large mail arrives once the routes idle, so the heap's peak is all mail2case's.
                    for (int a = 0; a < accounts; a++) {
                        load(mailbox(a), opt.get("imap-password"), a, accounts);
                    }
                    corpus.clear();
                }
                long start = System.nanoTime();
                if (r > 1) {
                    for (String id : names) {
                        app.context().getRouteController().resumeRoute("account-" + id);
                    }
                }
                int done = 0;
                while (done < mails) {
                    Thread.sleep(200);
                    done = (int) count(app, "SELECT count(*) FROM inbound_mail WHERE message_id LIKE ?1", prefix());
                    Memory.sample();
                    progress("mail2case", done, start);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                drains.add(new Result(seconds, List.of(), List.of(), Memory.peakHeap(), Memory.peakRss()));
                System.out.println();
            }
            // Then an idle account: mail arriving one at a time, each timed from its arrival on the server.
            int idle = Integer.parseInt(opt.getOrDefault("idle-mails", "20"));
            System.out.println("mail2case idle: " + idle + " mails one second apart…");
            Map<String, Long> idleArrival = trickle(idle);
            long until = System.nanoTime() + 120_000_000_000L;
            while (count(app, "SELECT count(DISTINCT in_reply_to) FROM outbox WHERE in_reply_to LIKE ?1 AND sent_at IS NOT NULL",
                    "bench-" + run + "-") < (long) mails * rounds + idle && System.nanoTime() < until) {
                Thread.sleep(200);
            }
            List<Long> commit = new ArrayList<>();
            List<Long> ack = new ArrayList<>();
            app.database().inTransaction(em -> {
                for (Object o : em.createNativeQuery("SELECT m.message_id, (extract(epoch FROM m.received_at) * 1000)::bigint,"
                                + " (SELECT (extract(epoch FROM min(o.sent_at)) * 1000)::bigint FROM outbox o"
                                + " WHERE o.in_reply_to = m.message_id) FROM inbound_mail m WHERE m.message_id LIKE ?1")
                        .setParameter(1, "bench-" + run + "-idle-%").getResultList()) {
                    Object[] row = (Object[]) o;
                    Long arrived = idleArrival.get((String) row[0]);
                    if (arrived != null) {
                        commit.add(((Number) row[1]).longValue() - arrived);
                        if (row[2] != null) {
                            ack.add(((Number) row[2]).longValue() - arrived);
                        }
                    }
                }
                return null;
            });
            Result last = drains.remove(drains.size() - 1);
            drains.add(new Result(last.seconds, commit, ack, last.peakHeap, last.peakRss));
            return drains;
        } finally {
            app.close();
        }
    }

    /** Idle-time mail: one at a time, a second apart, each timed from when the server stored it. */
    private Map<String, Long> trickle(int count) throws Exception {
        Map<String, Long> arrival = new HashMap<>();
        Session s = Session.getInstance(new Properties());
        Store store = s.getStore("imap");
        store.connect(imapHost, imapPort, opt.get("imap-user"), opt.get("imap-password"));
        try {
            Folder inbox = store.getFolder("INBOX");
            for (int i = 0; i < count; i++) {
                String id = "bench-" + run + "-idle-" + i + "@bench.example";
                String raw = "From: Client " + i + " <idle" + i + "@clients.example>\r\nTo: " + opt.get("imap-user")
                        + "\r\nSubject: Idle request " + i + "\r\nMessage-ID: <" + id + ">\r\n"
                        + "Date: " + new jakarta.mail.internet.MailDateFormat().format(new java.util.Date())
                        + "\r\n\r\nThe projector in room " + i + " is off.\r\n";
                inbox.appendMessages(new Message[]{new MimeMessage(s, new ByteArrayInputStream(
                        raw.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))});
                arrival.put(id, System.currentTimeMillis());
                Thread.sleep(1000);
            }
        } finally {
            store.close();
        }
        return arrival;
    }

    /** The mailbox of the a-th account: --imap-user, then the same name with -2, -3… before the @. */
    private String mailbox(int a) {
        String user = opt.get("imap-user");
        int at = user.indexOf('@');
        return a == 0 ? user : at < 0 ? user + "-" + (a + 1) : user.substring(0, at) + "-" + (a + 1) + user.substring(at);
    }

    /** A count over the mail whose Message-ID starts with {@code prefix} (this round's, or the whole run's). */
    private static long count(Mail2CaseApp app, String sql, String prefix) {
        return app.database().inTransaction(em -> ((Number) em.createNativeQuery(sql)
                .setParameter(1, prefix + "%").getSingleResult()).longValue());
    }

    private void progress(String who, int done, long start) {
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("\r%s: %d/%d mails, %.1f s, %.1f mails/s, heap %d MB   ", who, done, mails, s, done / s,
                Memory.usedHeap() / 1_000_000);
        System.out.flush();
    }

    private record Result(double seconds, List<Long> commitMillis, List<Long> ackMillis, long peakHeap, long peakRss) {
        void print(String name, long bytes, int mails) {
            System.out.printf("%-10s %9.1f %8.2f %31s %31s %7d MB %7d MB%n", name, mails / seconds, bytes / 1e6 / seconds,
                    latency(commitMillis), latency(ackMillis), peakHeap / 1_000_000, peakRss / 1_000_000);
        }

        private static String latency(List<Long> millis) {
            if (millis.isEmpty()) {
                return "-";
            }
            long[] m = millis.stream().mapToLong(Long::longValue).sorted().toArray();
            return String.format("%.2f/%.2f/%.2f s", m[(int) (m.length * 0.50)] / 1e3,
                    m[Math.min(m.length - 1, (int) (m.length * 0.95))] / 1e3, m[m.length - 1] / 1e3);
        }
    }

    /** Heap peaks from the pools' own high-water marks; resident size from the kernel. */
    private static final class Memory {
        private static long rssPeak;

        static void reset() {
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            rssPeak = rss();
        }

        static void sample() {
            rssPeak = Math.max(rssPeak, rss());
        }

        static long usedHeap() {
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        static long peakHeap() {
            return ManagementFactory.getMemoryPoolMXBeans().stream().filter(b -> b.getType() == MemoryType.HEAP)
                    .mapToLong(b -> b.getPeakUsage().getUsed()).sum();
        }

        static long peakRss() {
            sample();
            return rssPeak;
        }

        private static long rss() {
            try {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                return 0;
            }
            return 0;
        }
    }
}

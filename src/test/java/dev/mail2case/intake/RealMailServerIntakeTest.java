package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.MailHost;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.mail2case.support.TestApp.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Intake against a real Postfix and Dovecot, which report envelopes GreenMail never does: an account
 * never stops for one mail, and every mail ends as a case, a reply, a kept kind or in quarantine.
 */
class RealMailServerIntakeTest {
    private static final AtomicInteger MAILBOX = new AtomicInteger();
    private static MailHost host;
    private Mail2CaseApp app;

    @BeforeAll
    static void startMailHost() throws Exception {
        try {
            host = MailHost.start();
        } catch (IOException e) {
            System.out.println("Real mail server tests skipped: " + e.getMessage());
            Assumptions.abort("no real mail server here: " + e.getMessage());
        }
    }

    @AfterAll
    static void stopMailHost() {
        if (host != null) {
            host.close();
        }
    }

    @AfterEach
    void stopApp() {
        if (app != null) {
            app.close();
        }
    }

    /** A fresh mailbox on Dovecot and settings for one IMAP account reading it. */
    private Properties settings(String mailbox, int maxAttempts) {
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", TestPostgres.newDatabase());
        p.setProperty("mail2case.db.user", "postgres");
        p.setProperty("mail2case.db.password", "");
        p.setProperty("mail2case.smtp.host", "127.0.0.1");
        p.setProperty("mail2case.smtp.port", Integer.toString(host.smtpPort()));
        p.setProperty("mail2case.accounts", "support");
        String k = "mail2case.account.support.";
        p.setProperty(k + "protocol", "imap");
        p.setProperty(k + "host", "127.0.0.1");
        p.setProperty(k + "port", Integer.toString(host.imapPort()));
        p.setProperty(k + "username", mailbox);
        p.setProperty(k + "password", MailHost.PASSWORD);
        p.setProperty(k + "address", mailbox);
        p.setProperty(k + "poll-delay-ms", "200");
        p.setProperty(k + "max-messages-per-poll", "50");
        p.setProperty(k + "max-attempts", Integer.toString(maxAttempts));
        p.setProperty("mail2case.outbox.poll-ms", "500");
        p.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
        p.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
        return p;
    }

    private static String newMailbox() {
        return "support-" + ProcessHandle.current().pid() + "-" + MAILBOX.incrementAndGet() + "@mail2case.test";
    }

    @Test
    void mailWhoseEnvelopeTheServerCannotReportOpensACaseAndThePollerGoesOn() throws Exception {
        String mailbox = newMailbox();
        app = Mail2CaseApp.start(settings(mailbox, 3));
        List<String> recipients = List.of("undisclosed-recipients", "<>", "support", "undisclosed-recipients:;");
        try (MailHost.Smtp smtp = host.smtp()) {
            int n = 0;
            for (String to : recipients) {
                n++;
                String raw = "From: Anna Berg <anna@client-one.test>\r\nTo: " + to + "\r\nCc: helpdesk\r\n"
                        + "Subject: Heating broken " + n + "\r\nMessage-ID: <envelope-" + n + "-" + mailbox + ">\r\n"
                        + "Date: Mon, 30 Nov 2026 10:00:00 +0100\r\n\r\nThe heating in room " + n + " is off.\r\n";
                assertEquals(null, smtp.send(raw.getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", mailbox));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.casesOpened(app) == recipients.size());
        assertEquals(0, Recorded.quarantined(app));
        await().atMost(Duration.ofSeconds(20)).until(() -> unseen(mailbox) == 0);
    }

    @Test
    void pollsThatFindMailReuseTheAccountsConnectionInsteadOfLoggingInEachTime() throws Exception {
        String mailbox = newMailbox();
        app = Mail2CaseApp.start(settings(mailbox, 3));
        long before = 0;
        try (MailHost.Smtp smtp = host.smtp()) {
            for (int n = 1; n <= 6; n++) {
                String raw = "From: Anna Berg <anna@client-one.test>\r\nTo: " + mailbox + "\r\nSubject: Heating broken "
                        + n + "\r\nMessage-ID: <logins-" + n + "-" + mailbox + ">\r\n"
                        + "Date: Mon, 30 Nov 2026 10:00:00 +0100\r\n\r\nThe heating in room " + n + " is off.\r\n";
                assertEquals(null, smtp.send(raw.getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", mailbox));
                int opened = n;
                // each mail on its own poll
                await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.casesOpened(app) == opened);
                if (n == 1) {
                    before = host.logins(mailbox);
                }
            }
        }
        long more = host.logins(mailbox) - before;
        assertTrue(more <= 1, "the account logged in to the server " + more + " more times for five polls that found mail");
    }

    @Test
    void mailWhoseBytesTheServerRefusesIsQuarantinedWithTheServersWordsAndFlaggedNotTriedForever() throws Exception {
        String mailbox = newMailbox();
        try (MailHost.Smtp smtp = host.smtp()) {
            String raw = "From: anna@client-one.test\r\nTo: " + mailbox + "\r\nSubject: Unreadable\r\n"
                    + "Message-ID: <unreadable-" + mailbox + ">\r\n\r\nbody\r\n";
            assertEquals(null, smtp.send(raw.getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", mailbox));
        }
        Path maildir = host.maildir(mailbox);
        await().atMost(Duration.ofSeconds(30)).until(() -> files(maildir).size() == 1);
        Files.setPosixFilePermissions(files(maildir).get(0), PosixFilePermissions.fromString("---------"));
        app = Mail2CaseApp.start(settings(mailbox, 2));
        try (MailHost.Smtp smtp = host.smtp()) {
            String raw = "From: anna@client-one.test\r\nTo: " + mailbox + "\r\nSubject: Readable after it\r\n"
                    + "Message-ID: <readable-" + mailbox + ">\r\n\r\nbody\r\n";
            assertEquals(null, smtp.send(raw.getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", mailbox));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.quarantined(app) == 1);
        Recorded.Quarantined q = Recorded.firstQuarantined(app);
        assertTrue(q.idempotencyKey().startsWith("imap-uid:INBOX:"), "counted by its place on the server: "
                + q.idempotencyKey());
        assertTrue(q.reasons().contains("did not give the bytes"), q.reasons());
        assertEquals(2, q.attempts());
        assertEquals(0, q.raw().length, "no bytes were fetched");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals("Readable after it", Recorded.firstCase(app).subject(), "the poller went on");
        await().atMost(Duration.ofSeconds(20)).until(() -> unseen(mailbox) == 0);
        assertTrue(flags(mailbox).stream().anyMatch(f -> f.contains(Flags.Flag.FLAGGED)
                && f.contains(ServerPlace.QUARANTINED_KEYWORD)), "the quarantined mail is flagged on the server");
        assertEquals(2, total(mailbox), "nothing was deleted");
        long failures = Recorded.mailsFailing(app);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                Recorded.firstQuarantined(app).attempts() == 2
                        && Recorded.mailsFailing(app) == failures);
    }

    @Test
    void onSeveralThreadsEachMailIsMovedOnceAfterItsCommitAndOneSendersMailStaysInOrder() throws Exception {
        String mailbox = newMailbox();
        int mails = 30;
        try (MailHost.Smtp smtp = host.smtp()) {
            for (int i = 1; i <= mails; i++) {
                // Every third mail from one sender, the rest each from its own.
                String from = i % 3 == 0 ? "anna@client-one.test" : "guest" + i + "@client-two.test";
                String raw = "From: " + from + "\r\nTo: " + mailbox + "\r\nSubject: Request " + i
                        + "\r\nMessage-ID: <threads-" + i + "-" + mailbox + ">\r\n\r\nPlease help with " + i + ".\r\n";
                assertEquals(null, smtp.send(raw.getBytes(StandardCharsets.US_ASCII), from, mailbox));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> total(mailbox) == mails);
        Properties settings = settings(mailbox, 3);
        settings.setProperty("mail2case.account.support.consumers", "3");
        settings.setProperty("mail2case.account.support.max-messages-per-poll", "10");
        settings.setProperty("mail2case.account.support.after-processing", "move");
        settings.setProperty("mail2case.account.support.move-to", "Processed");
        app = Mail2CaseApp.start(settings);

        await().atMost(Duration.ofSeconds(90)).until(() -> Recorded.casesOpened(app) == mails);
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects(mailbox, "Processed").size() == mails);
        List<String> moved = subjects(mailbox, "Processed");
        assertEquals(mails, new java.util.HashSet<>(moved).size(), "each mail moved once: " + moved);
        await().atMost(Duration.ofSeconds(30)).until(() -> subjects(mailbox, "INBOX").isEmpty());
        List<String> annas = Recorded.mailsTakenInOrder(app).stream()
                .filter(m -> m.subject().matches("Request ([369]|12|15|18|21|24|27|30)"))
                .map(Recorded.MailTakenIn::subject).toList();
        assertEquals(List.of("Request 3", "Request 6", "Request 9", "Request 12", "Request 15", "Request 18",
                "Request 21", "Request 24", "Request 27", "Request 30"), annas, "one sender's mail in order");
    }

    /** Subjects of the folder's mail not marked deleted; none when the folder does not exist. */
    private static List<String> subjects(String mailbox, String folder) throws Exception {
        return inFolder(mailbox, folder, f -> {
            List<String> all = new ArrayList<>();
            if (f != null) {
                for (Message m : f.getMessages()) {
                    if (!m.isSet(Flags.Flag.DELETED)) {
                        all.add(m.getSubject());
                    }
                }
            }
            return all;
        });
    }

    @Test
    void everyCorpusMailDeliveredThroughDovecotEndsAsACaseAReplyAKeptKindOrInQuarantine() throws Exception {
        String mailbox = newMailbox();
        Path corpus = MailHost.shared().resolve("corpus");
        Assumptions.assumeTrue(Files.isRegularFile(corpus.resolve("catalog.tsv")), "the corpus is beside the project");
        List<String> paths = Files.readAllLines(corpus.resolve("catalog.tsv"), StandardCharsets.UTF_8).stream()
                .skip(1).map(l -> l.split("\t")[0]).toList();
        Map<String, String> refused = new LinkedHashMap<>();
        List<byte[]> delivered = new ArrayList<>();
        try (MailHost.Smtp smtp = host.smtp()) {
            for (String path : paths) {
                byte[] raw = Files.readAllBytes(corpus.resolve(path));
                String refusal = smtp.send(raw, "corpus@client-two.test", mailbox);
                if (refusal == null) {
                    delivered.add(raw);
                } else {
                    refused.put(path, refusal);
                }
            }
        }
        System.out.println("Corpus: " + paths.size() + " mails, " + delivered.size() + " accepted by Postfix, refused: "
                + refused);
        await().atMost(Duration.ofSeconds(120)).until(() -> total(mailbox) == delivered.size());

        List<byte[]> onServer = inInbox(mailbox, f -> {
            List<byte[]> all = new ArrayList<>();
            for (Message m : f.getMessages()) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                m.writeTo(out);
                all.add(out.toByteArray());
            }
            return all;
        });

        app = Mail2CaseApp.start(settings(mailbox, 2));
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> unseen(mailbox) == 0);

        // Every mail is on record under the key its bytes on the server give it.
        List<String> missing = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (byte[] raw : onServer) {
            String key = IdempotencyKey.of(MailIntake.headerMessageId(raw), raw);
            keys.add(key);
            if (Recorded.mailsTakenInWithKey(app, key)
                    + Recorded.quarantinedWithKey(app, key) == 0) {
                missing.add(key);
            }
        }
        Map<String, Long> ends = new LinkedHashMap<>();
        for (Object[] r : query(app, "SELECT outcome, count(*) FROM inbound_mail GROUP BY outcome ORDER BY 2 DESC")) {
            ends.put((String) r[0], ((Number) r[1]).longValue());
        }
        ends.put("QUARANTINED", Recorded.quarantined(app));
        long rows = ends.values().stream().mapToLong(Long::longValue).sum();
        ends.put("TAKEN_BEFORE (a copy of a mail already on record)", onServer.size() - rows);
        ends.put("(of the rows: another sender's mail reusing a Message-ID)", (long) rows - keys.size());
        System.out.println("Corpus through Dovecot: " + delivered.size() + " delivered, "
                + Recorded.casesOpened(app) + " cases; ends " + ends + "; reasons of quarantine: "
                + query(app, "SELECT idempotency_key || ' ' || reasons FROM quarantine").stream()
                .map(r -> (String) r[0]).toList());

        assertEquals(List.of(), missing, "every mail is on record");

        // The account still polls.
        try (MailHost.Smtp smtp = host.smtp()) {
            String raw = "From: anna@client-one.test\r\nTo: " + mailbox + "\r\nSubject: Still polling after the corpus\r\n"
                    + "Message-ID: <after-corpus-" + mailbox + ">\r\n\r\nbody\r\n";
            assertEquals(null, smtp.send(raw.getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", mailbox));
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Recorded.casesWithSubject(app, "Still polling after the corpus") == 1);
    }

    private static List<Path> files(Path maildir) throws IOException {
        List<Path> all = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = maildir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.forEach(all::add);
                }
            }
        }
        return all;
    }

    private interface InFolder<T> {
        T apply(Folder folder) throws Exception;
    }

    private static <T> T inInbox(String mailbox, InFolder<T> f) throws Exception {
        return inFolder(mailbox, "INBOX", f);
    }

    private static <T> T inFolder(String mailbox, String folder, InFolder<T> f) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", host.imapPort(), mailbox, MailHost.PASSWORD);
        try {
            Folder inbox = store.getFolder(folder);
            if (!inbox.exists()) {
                return f.apply(null);
            }
            inbox.open(Folder.READ_ONLY);
            try {
                return f.apply(inbox);
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static int unseen(String mailbox) throws Exception {
        return inInbox(mailbox, f -> f.search(new jakarta.mail.search.FlagTerm(new Flags(Flags.Flag.SEEN), false)).length);
    }

    private static int total(String mailbox) throws Exception {
        return inInbox(mailbox, Folder::getMessageCount);
    }

    private static List<Flags> flags(String mailbox) throws Exception {
        return inInbox(mailbox, f -> {
            List<Flags> all = new ArrayList<>();
            for (Message m : f.getMessages()) {
                all.add(m.getFlags());
            }
            return all;
        });
    }
}

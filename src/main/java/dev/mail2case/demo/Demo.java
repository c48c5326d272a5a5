package dev.mail2case.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.config.Startup;
import dev.mail2case.start.Mail2CaseApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.util.List;
import java.util.Properties;

/**
 * mail2case on embedded defaults: an embedded PostgreSQL, GreenMail with SMTP, IMAP and POP3 on
 * localhost, two accounts, demo contacts, and a few sample mails so cases and acknowledgements show
 * up within seconds. Runs until Ctrl-C.
 */
public final class Demo {
    public static final String SUPPORT = "support@demo.mail2case.dev";
    public static final String REQUESTS = "requests@demo.mail2case.dev";
    /** A fixed demo-only password for the embedded accounts, which listen on localhost only. */
    private static final String DEMO_LOGIN = "demo";

    /** Made anew each run, so the demo API is never open to a known token. */
    private static final String OPERATOR_TOKEN = java.util.UUID.randomUUID().toString();

    private Demo() {
    }

    public static int run(List<String> args) throws Exception {
        int smtpPort = Integer.getInteger("demo.smtp.port", 3025);
        int imapPort = Integer.getInteger("demo.imap.port", 3143);
        int pop3Port = Integer.getInteger("demo.pop3.port", 3110);
        int httpPort = Integer.getInteger("demo.http.port", 8080);
        int managementPort = Integer.getInteger("demo.management.port", 9876);
        for (int[] port : new int[][]{{smtpPort}, {imapPort}, {pop3Port}, {httpPort}, {managementPort}}) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port[0], 1,
                    java.net.InetAddress.getLoopbackAddress())) {
                probe.setReuseAddress(true);
            } catch (java.io.IOException e) {
                System.err.println("mail2case demo cannot start: port " + port[0] + " on 127.0.0.1 is in use. Choose"
                        + " others with -Ddemo.smtp.port, -Ddemo.imap.port, -Ddemo.pop3.port, -Ddemo.http.port or"
                        + " -Ddemo.management.port"
                        + " (before -jar).");
                return 1;
            }
        }
        long t = System.nanoTime();
        System.out.println("mail2case demo starting: embedded PostgreSQL and mail server first…");
        // PostgreSQL's first start (unpacking, initdb) is the slowest part: it runs while GreenMail comes up.
        var postgres = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            long p = System.nanoTime();
            try {
                // demo data is thrown away at the end: no need to sync it to disk
                EmbeddedPostgres started = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off").start();
                Startup.done("Embedded PostgreSQL up on port " + started.getPort(), p);
                return started;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        GreenMail mail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(pop3Port, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        mail.start();
        mail.setUser(SUPPORT, SUPPORT, DEMO_LOGIN);
        mail.setUser(REQUESTS, REQUESTS, DEMO_LOGIN);
        Startup.done("Demo mail server up (SMTP " + smtpPort + ", IMAP " + imapPort + ", POP3 " + pop3Port + ")", t);
        EmbeddedPostgres pg;
        try {
            pg = postgres.join();
        } catch (RuntimeException e) {
            mail.stop();
            return Startup.failed(e);
        }
        Properties p = settings(pg.getPort(), smtpPort, imapPort, pop3Port);
        Mail2CaseApp app;
        try {
            app = Mail2CaseApp.start(p);
        } catch (Exception e) {
            mail.stop();
            pg.close();
            return Startup.failed(e);
        }
        seedContacts(app);
        java.nio.file.Path settingsFile = writeSettingsFile(p);
        System.out.printf("""

                mail2case demo is running (%.1f s since launch).
                  SMTP  127.0.0.1:%d   (send mail to %s or %s; no login needed)
                  IMAP  127.0.0.1:%d   (%s, password '%s')
                  POP3  127.0.0.1:%d   (%s, password '%s')
                  PostgreSQL jdbc:postgresql://127.0.0.1:%d/postgres (user postgres)
                  Health http://127.0.0.1:%s/api/health
                  API   http://127.0.0.1:%s/api  (Authorization: Bearer %s)
                        e.g. curl -H 'Authorization: Bearer %s' http://127.0.0.1:%s/api/cases/1001/deliveries
                  Metrics http://127.0.0.1:%s/observe/metrics  (Prometheus text)
                Other commands reach this demo through its settings file, e.g.
                  MAIL2CASE_SETTINGS=%s java -XX:TieredStopAtLevel=1 -jar target/mail2case.jar quarantine
                  (the same for inspect --explain FILE and replay ID)
                Sample mail follows; Ctrl-C stops.

                """, Startup.sinceLaunchMillis() / 1000.0, smtpPort, SUPPORT, REQUESTS, imapPort, SUPPORT, DEMO_LOGIN,
                pop3Port, REQUESTS, DEMO_LOGIN, pg.getPort(), httpPort, httpPort, OPERATOR_TOKEN, OPERATOR_TOKEN,
                httpPort, p.getProperty("camel.management.port"), settingsFile);
        sendSamples(smtpPort);
        closeOneCaseForItsFollowUp(app);
        // One ordered stop: mail2case first (pollers, in-flight mail, outbox sends, Camel), then the servers it uses.
        app.awaitShutdown(() -> {
            mail.stop();
            try {
                pg.close();
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            try {
                java.nio.file.Files.deleteIfExists(settingsFile);
            } catch (java.io.IOException ignored) {
                // a stale file in the temp folder names ports nobody listens on
            }
            System.out.println("mail2case demo stopped.");
        });
        return 0;
    }

    /** The demo's settings for the other commands; readable by this user only, as it holds the API token. */
    private static java.nio.file.Path writeSettingsFile(Properties p) throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "mail2case-demo.properties");
        java.nio.file.Files.deleteIfExists(file);
        try {
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            java.nio.file.Files.createFile(file);
        }
        try (var out = java.nio.file.Files.newBufferedWriter(file)) {
            p.store(out, "Settings of the running mail2case demo (MAIL2CASE_SETTINGS=this file)");
        }
        return file;
    }

    static Properties settings(int pgPort, int smtpPort, int imapPort, int pop3Port) {
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres");
        p.setProperty("mail2case.db.user", "postgres");
        p.setProperty("mail2case.db.password", "");
        p.setProperty("mail2case.smtp.host", "127.0.0.1");
        p.setProperty("mail2case.smtp.port", Integer.toString(smtpPort));
        p.setProperty("mail2case.accounts", "support,requests");
        account(p, "support", "imap", imapPort, SUPPORT, "seen", "client-support");
        p.setProperty("mail2case.account.support.unknown-senders", "accept-unregistered");
        p.setProperty("mail2case.account.support.domain-match", "true");
        account(p, "requests", "pop3", pop3Port, REQUESTS, "delete", "work-request");
        p.setProperty("mail2case.account.requests.unknown-senders", "reject");
        p.setProperty("mail2case.account.requests.accepts", "employees,client-contacts");
        p.setProperty("mail2case.outbox.poll-ms", "500");
        p.setProperty("mail2case.routes.reload", "true");
        p.setProperty("camel.server.port", Integer.toString(Integer.getInteger("demo.http.port", 8080)));
        p.setProperty("camel.management.port", Integer.toString(Integer.getInteger("demo.management.port", 9876)));
        p.setProperty("mail2case.api.operators", "demo");
        p.setProperty("mail2case.api.operator.demo.token", OPERATOR_TOKEN);
        return p;
    }

    private static void account(Properties p, String id, String protocol, int port, String address, String after,
                                String purpose) {
        String k = "mail2case.account." + id + ".";
        p.setProperty(k + "protocol", protocol);
        p.setProperty(k + "host", "127.0.0.1");
        p.setProperty(k + "port", Integer.toString(port));
        p.setProperty(k + "username", address);
        p.setProperty(k + "password", DEMO_LOGIN);
        p.setProperty(k + "address", address);
        p.setProperty(k + "after-processing", after);
        p.setProperty(k + "purpose", purpose);
        p.setProperty(k + "poll-delay-ms", "1000");
    }

    private static void seedContacts(Mail2CaseApp app) throws Exception {
        String yaml;
        try (var in = Demo.class.getResourceAsStream("/demo/organisation.yaml")) {
            yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        System.out.println("Demo organisation imported: " + new OrganisationImport(app.database()).importYaml(yaml));
    }

    private static void sendSamples(int smtpPort) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        Session session = Session.getInstance(props);

        MimeMessage printer = message(session, "anna@northwind.example", "Anna Nowak", SUPPORT,
                "Printer on the 3rd floor jams", "Hello,\n\nthe printer on the 3rd floor jams on every second page."
                        + " Log attached.\n\nAnna\n");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText((String) printer.getContent(), "UTF-8");
        MimeBodyPart log = new MimeBodyPart();
        log.setText("E13 paper jam tray 2\nE13 paper jam tray 2\n", "UTF-8");
        log.setFileName("printer-log.txt");
        log.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(body);
        mixed.addBodyPart(log);
        printer.setContent(mixed);
        Transport.send(printer);
        // One mail per path of the assignment chain and of the sender policies.
        Transport.send(message(session, "marc@contoso.example", "Marc Dubois", REQUESTS,
                "Nouvelle demande : accès VPN pour l'équipe", "Bonjour,\n\nmerci d'ouvrir l'accès VPN.\n\nMarc\n"));
        Transport.send(message(session, "piotr+it@agency.example", "Piotr Zieliński", REQUESTS,
                "New laptop for the intern", "Needed by Monday."));
        Transport.send(message(session, "jean@agency.example", "Jean Martin", SUPPORT,
                "Badge reader at the Lyon entrance", "It rejects every badge since this morning."));
        Transport.send(message(session, "kasia@agency.example", "Kasia Wiśniewska", REQUESTS,
                "Holiday request form", "Where do I find the form?"));
        Transport.send(message(session, "bob@northwind.example", "Bob Smith", SUPPORT,
                "Invoice copy please", "Could you resend invoice 4471?"));
        Transport.send(message(session, "lea@tenants.example", "Léa Bernard", SUPPORT,
                "Fuite d'eau dans la cave", "Il y a une fuite d'eau dans la cave du bâtiment B."));
        Transport.send(message(session, "stranger@mailbox.example", null, SUPPORT,
                "Question about your services", "Hi, do you also service air conditioning?"));
        Transport.send(message(session, "stranger@mailbox.example", null, REQUESTS,
                "Work request from outside", "Please fix my fence."));
        System.out.println("Sample mail sent to " + SUPPORT + " (IMAP) and " + REQUESTS + " (POP3).");
    }

    /** Closes Anna's case as an operator would, so the demo shows the close mail and, a minute on, the follow-up. */
    private static void closeOneCaseForItsFollowUp(Mail2CaseApp app) {
        Thread closer = new Thread(() -> {
            try {
                for (int i = 0; i < 120; i++) {
                    List<Long> numbers = app.database().inTransaction(em -> em.createNativeQuery(
                                    "SELECT number FROM cases WHERE sender_address = 'anna@northwind.example'")
                            .getResultList().stream().map(n -> ((Number) n).longValue()).toList());
                    if (!numbers.isEmpty()) {
                        long n = numbers.get(0);
                        System.out.printf("%nDemo operator closes case %d (as POST /api/cases/%d/close would);"
                                + " Northwind's region sends the follow-up a minute or two later.%n", n, n);
                        app.context().getRegistry().lookupByNameAndType("caseEvents",
                                dev.mail2case.cases.CaseEvents.class).close(n, "demo");
                        return;
                    }
                    Thread.sleep(500);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("Demo close failed: " + e.getMessage());
            }
        }, "demo-operator");
        closer.setDaemon(true);
        closer.start();
    }

    private static MimeMessage message(Session session, String from, String name, String to, String subject,
                                       String text) throws Exception {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(new InternetAddress(from, name, "UTF-8"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        return m;
    }
}

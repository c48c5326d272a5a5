package dev.mail2case.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.mail2case.Mail2Case;
import dev.mail2case.config.Mail2CaseApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.sql.Connection;
import java.sql.ResultSet;
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
        GreenMail mail = new GreenMail(new ServerSetup[]{
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP),
                new ServerSetup(pop3Port, "127.0.0.1", ServerSetup.PROTOCOL_POP3)});
        mail.start();
        mail.setUser(SUPPORT, SUPPORT, DEMO_LOGIN);
        mail.setUser(REQUESTS, REQUESTS, DEMO_LOGIN);
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Mail2CaseApp app;
        try {
            Properties p = settings(pg.getPort(), smtpPort, imapPort, pop3Port);
            app = Mail2CaseApp.start(p);
        } catch (Exception e) {
            mail.stop();
            pg.close();
            return Mail2Case.startupFailed(e);
        }
        seedContacts(app);
        System.out.printf("""

                mail2case demo is running.
                  SMTP  127.0.0.1:%d   (send mail to %s or %s; no login needed)
                  IMAP  127.0.0.1:%d   (%s, password '%s')
                  POP3  127.0.0.1:%d   (%s, password '%s')
                  PostgreSQL jdbc:postgresql://127.0.0.1:%d/postgres (user postgres)
                  API   http://127.0.0.1:%s/api  (Authorization: Bearer %s)
                        e.g. curl -H 'Authorization: Bearer %s' http://127.0.0.1:%s/api/cases/1001/deliveries
                Sample mail follows; Ctrl-C stops.

                """, smtpPort, SUPPORT, REQUESTS, imapPort, SUPPORT, DEMO_LOGIN, pop3Port, REQUESTS, DEMO_LOGIN,
                pg.getPort(), Integer.getInteger("demo.http.port", 8080), OPERATOR_TOKEN, OPERATOR_TOKEN,
                Integer.getInteger("demo.http.port", 8080));
        sendSamples(smtpPort);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mail.stop();
            try {
                pg.close();
            } catch (Exception ignored) {
                // the JVM is going anyway
            }
        }));
        app.awaitShutdown();
        return 0;
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
        account(p, "requests", "pop3", pop3Port, REQUESTS, "delete", "work-request");
        p.setProperty("mail2case.outbox.poll-ms", "500");
        p.setProperty("camel.server.port", Integer.toString(Integer.getInteger("demo.http.port", 8080)));
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
        try (Connection c = app.database().dataSource().getConnection()) {
            c.createStatement().execute("""
                    INSERT INTO clients (name) VALUES ('Northwind Traders'), ('Contoso Ltd') ON CONFLICT DO NOTHING;
                    INSERT INTO contacts (email, name, kind, client_id)
                      SELECT 'anna@northwind.example', 'Anna Nowak', 'CLIENT_CONTACT', id FROM clients
                       WHERE name = 'Northwind Traders' ON CONFLICT DO NOTHING;
                    INSERT INTO contacts (email, name, kind, client_id)
                      SELECT 'marc@contoso.example', 'Marc Dubois', 'CLIENT_CONTACT', id FROM clients
                       WHERE name = 'Contoso Ltd' ON CONFLICT DO NOTHING;
                    INSERT INTO contacts (email, name, kind) VALUES ('ola@agency.example', 'Ola Kowalska', 'EMPLOYEE')
                      ON CONFLICT DO NOTHING;
                    """);
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM contacts")) {
                rs.next();
                System.out.println("Demo contacts: " + rs.getInt(1));
            }
        }
    }

    private static void sendSamples(int smtpPort) throws Exception {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(smtpPort));
        Session session = Session.getInstance(props);

        MimeMessage printer = new MimeMessage(session);
        printer.setFrom(new InternetAddress("anna@northwind.example", "Anna Nowak"));
        printer.setRecipient(Message.RecipientType.TO, new InternetAddress(SUPPORT));
        printer.setSubject("Printer on the 3rd floor jams", "UTF-8");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart body = new MimeBodyPart();
        body.setText("Hello,\n\nthe printer on the 3rd floor jams on every second page. Log attached.\n\nAnna\n",
                "UTF-8");
        MimeBodyPart log = new MimeBodyPart();
        log.setText("E13 paper jam tray 2\nE13 paper jam tray 2\n", "UTF-8");
        log.setFileName("printer-log.txt");
        log.setDisposition(MimeBodyPart.ATTACHMENT);
        mixed.addBodyPart(body);
        mixed.addBodyPart(log);
        printer.setContent(mixed);
        Transport.send(printer);

        MimeMessage request = new MimeMessage(session);
        request.setFrom(new InternetAddress("marc@contoso.example", "Marc Dubois"));
        request.setRecipient(Message.RecipientType.TO, new InternetAddress(REQUESTS));
        request.setSubject("Nouvelle demande : accès VPN pour l'équipe", "UTF-8");
        request.setText("Bonjour,\n\nmerci d'ouvrir l'accès VPN pour trois nouveaux collègues.\n\nMarc\n", "UTF-8");
        Transport.send(request);
        System.out.println("Sample mail sent to " + SUPPORT + " (IMAP) and " + REQUESTS + " (POP3).");
    }
}

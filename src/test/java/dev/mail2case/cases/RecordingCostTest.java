package dev.mail2case.cases;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import dev.mail2case.pipeline.Pipeline;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import dev.mail2case.thread.Threader;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.mail2case.support.TestApp.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What recording one mail costs the database, counted from the statements the PostgreSQL driver sends
 * on the recording thread: one transaction, the raw mail written once, no statement per attachment.
 */
class RecordingCostTest {
    private TestMailServer mail;
    private Mail2CaseApp app;

    @BeforeEach
    void start() throws Exception {
        mail = new TestMailServer();
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    @Test
    void newCaseWithThreeAttachmentsIsOneTransactionThatWritesTheRawMailOnce() throws Exception {
        Object service = app.context().getRegistry().lookupByName("caseService");
        byte[] raw = mailWithAttachments("anna@northwind.example", "Printer on fire", 3);
        Exchange first = exchange(raw, "<cost-1@northwind.example>");
        // the first mail warms the caches (templates, Hibernate's first queries); the second is counted
        invoke(service, "record", first);
        Exchange second = exchange(mailWithAttachments("anna@northwind.example", "Printer on fire again", 3),
                "<cost-2@northwind.example>");
        Sent sent = Sent.during(() -> invoke(service, "record", second));
        System.out.println("Recording a new case with 3 attachments: " + sent);

        assertEquals(2, Recorded.casesOpened(app));
        assertEquals(6, Recorded.attachments(app));
        assertEquals(1, sent.commits, "one transaction per mail: " + sent);
        assertEquals(1, sent.rawWrites, "the raw mail is written once: " + sent);
        assertTrue(sent.statements <= 12, "statements per new case: " + sent);
    }

    @Test
    void aClientsAssignedCaseWithThreeNoticesIsOneTransactionThatWritesTheRawMailOnce() throws Exception {
        TestApp.execute(app, "INSERT INTO clients (name, email, notify) VALUES ('Northwind', 'desk@northwind.example', true)");
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind, client_id) SELECT 'anna@northwind.example', 'Anna',"
                + " 'CLIENT', id FROM clients");
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind) VALUES ('bob@mail2case.test', 'Bob', 'EMPLOYEE')");
        long client = count(app, "SELECT id FROM clients");
        long anna = count(app, "SELECT id FROM contacts WHERE email = 'anna@northwind.example'");
        long bob = count(app, "SELECT id FROM contacts WHERE email = 'bob@mail2case.test'");
        Object service = app.context().getRegistry().lookupByName("caseService");
        invoke(service, "record", assigned(client, anna, bob, "Printer on fire", "<cost-a1@northwind.example>"));
        Exchange counted = assigned(client, anna, bob, "Printer on fire again", "<cost-a2@northwind.example>");
        Sent sent = Sent.during(() -> invoke(service, "record", counted));
        System.out.println("Recording a client's case assigned to an employee, 3 attachments: " + sent);

        long id = Recorded.caseNumbered(app, counted.getProperty(Pipeline.CASE_NUMBER, Long.class)).id();
        assertEquals(3, Recorded.outboxMailsAboutCase(app, id),
                "the acknowledgement, the assignee's notice and the client's (recorded as not sent: no region)");
        assertEquals(3, Recorded.attachmentsSentWith(app, id, "case-assigned"), "the assignee gets the attachments");
        assertEquals(1, sent.commits, "one transaction per mail: " + sent);
        assertEquals(1, sent.rawWrites, "the raw mail is written once: " + sent);
        assertTrue(sent.statements <= 22, "statements per new case with three notices: " + sent);
    }

    private Exchange assigned(long client, long contact, long assignee, String subject, String messageId)
            throws Exception {
        Exchange e = exchange(mailWithAttachments("anna@northwind.example", subject, 3), messageId);
        e.setProperty(Pipeline.OUTCOME, dev.mail2case.pipeline.Outcome.NEW_CASE);
        e.setProperty(Pipeline.CONTACT, new dev.mail2case.identify.Sender(contact, "CLIENT", "Anna", client, "Northwind", null, null, null, null));
        e.setProperty(Pipeline.ASSIGNMENT, new dev.mail2case.assign.Assignment(null, null, null, client, assignee,
                "Support", List.of("the client's contact"), null));
        return e;
    }

    @Test
    void replyWithTwoAttachmentsIsOneTransactionThatWritesTheRawMailOnce() throws Exception {
        Object service = app.context().getRegistry().lookupByName("caseService");
        Exchange opening = exchange(mailWithAttachments("anna@northwind.example", "Printer on fire", 0),
                "<cost-open@northwind.example>");
        invoke(service, "record", opening);
        long number = opening.getProperty(Pipeline.CASE_NUMBER, Long.class);
        long id = Recorded.caseNumbered(app, number).id();
        Exchange warm = reply(id, number, "<cost-warm@northwind.example>");
        invoke(service, "addReply", warm);
        Exchange reply = reply(id, number, "<cost-reply@northwind.example>");
        Sent sent = Sent.during(() -> invoke(service, "addReply", reply));
        System.out.println("Adding a reply with 2 attachments: " + sent);

        assertEquals(3, Recorded.mailsOnCase(app, id));
        assertEquals(1, sent.commits, "one transaction per mail: " + sent);
        assertEquals(1, sent.rawWrites, "the raw mail is written once: " + sent);
        assertTrue(sent.statements <= 10, "statements per reply: " + sent);
    }

    private Exchange reply(long id, long number, String messageId) throws Exception {
        Exchange e = exchange(mailWithAttachments("anna@northwind.example", "Re: Printer on fire", 2), messageId);
        e.setProperty(Pipeline.OUTCOME, dev.mail2case.pipeline.Outcome.REPLY);
        e.setProperty(Pipeline.THREAD, new Threader.Decision(id, number, "case number", false, false, null, null,
                null));
        return e;
    }

    private Exchange exchange(byte[] raw, String messageId) {
        InboundMail parsed = new MailReader().read(raw);
        Exchange e = new DefaultExchange(app.context());
        e.setProperty(Pipeline.ACCOUNT, "support");
        e.setProperty(Pipeline.KEY, messageId);
        e.setProperty(Pipeline.RAW, raw);
        e.setProperty(Pipeline.MAIL, parsed);
        e.setProperty(Pipeline.OUTCOME, dev.mail2case.pipeline.Outcome.NEW_CASE_UNREGISTERED);
        return e;
    }

    private static void invoke(Object service, String method, Exchange exchange) {
        try {
            service.getClass().getMethod(method, Exchange.class).invoke(service, exchange);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e.getCause() == null ? e : e.getCause());
        }
    }

    private static byte[] mailWithAttachments(String from, String subject, int attachments) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new java.util.Properties()));
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject(subject);
        MimeMultipart multipart = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("It started smoking this morning.", "UTF-8");
        multipart.addBodyPart(text);
        Random random = new Random(subject.hashCode());
        for (int i = 0; i < attachments; i++) {
            byte[] bytes = new byte[20_000];
            random.nextBytes(bytes);
            MimeBodyPart part = new MimeBodyPart();
            part.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(bytes, "application/pdf")));
            part.setFileName("scan-" + i + ".pdf");
            multipart.addBodyPart(part);
        }
        m.setContent(multipart);
        m.saveChanges();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    /**
     * What went between the driver and PostgreSQL on this thread: statements executed, commits, round
     * trips, bytes of rows sent back, and how often the raw mail was written.
     */
    record Sent(int statements, int commits, int roundTrips, long bytesBack, int rawWrites, List<String> queries) {
        static Sent during(Runnable work) {
            Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
            Level before = driver.getLevel();
            Thread thread = Thread.currentThread();
            List<String> parsed = new ArrayList<>();
            long[] counts = new long[4];
            Handler counter = new Handler() {
                @Override
                public void publish(LogRecord r) {
                    if (Thread.currentThread() != thread || r.getMessage() == null) {
                        return;
                    }
                    String m = r.getMessage();
                    Object p = r.getParameters() == null || r.getParameters().length == 0 ? null : r.getParameters()[0];
                    if (m.contains("<=BE CommandStatus")) {
                        if ("COMMIT".equals(p)) {
                            counts[1]++;
                        } else if (!"BEGIN".equals(p) && !"ROLLBACK".equals(p)) {
                            counts[0]++;
                        }
                    } else if (m.contains("FE=> Sync")) {
                        counts[2]++;
                    } else if (m.contains("<=BE DataRow") && p instanceof Number n) {
                        counts[3] += n.longValue();
                    } else if (m.contains("FE=> Parse")) {
                        parsed.add(m + " " + java.util.Arrays.toString(r.getParameters()));
                    }
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            counter.setLevel(Level.ALL);
            driver.setLevel(Level.FINEST);
            driver.addHandler(counter);
            try {
                work.run();
            } finally {
                driver.removeHandler(counter);
                driver.setLevel(before);
            }
            int raw = (int) parsed.stream().map(q -> q.toLowerCase(java.util.Locale.ROOT))
                    .filter(q -> q.contains("inbound_mail") && q.contains("raw")
                            && (q.contains("insert") || q.contains("update")))
                    .count();
            return new Sent((int) counts[0], (int) counts[1], (int) counts[2], counts[3], raw, parsed);
        }

        @Override
        public String toString() {
            return statements + " statements, " + commits + " commit(s), " + roundTrips + " round trips, "
                    + bytesBack + " bytes of rows sent back, raw mail written " + rawWrites + " time(s); statements parsed:\n  "
                    + String.join("\n  ", queries.stream().map(q -> q.length() > 160 ? q.substring(0, 160) : q).toList());
        }
    }
}

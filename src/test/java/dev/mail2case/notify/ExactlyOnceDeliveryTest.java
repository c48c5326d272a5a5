package dev.mail2case.notify;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.ScriptedSmtpServer;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

import static dev.mail2case.support.TestApp.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each acknowledgement reaches the SMTP server once, also when its answer or the database goes away. */
class ExactlyOnceDeliveryTest {
    private static final List<String> SENDERS = List.of("anna@northwind.example", "marc@contoso.example",
            "lea@tenants.example");
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    private Properties settings(String jdbcUrl, int smtpPort) {
        Properties p = TestApp.settings(jdbcUrl, mail);
        p.setProperty("mail2case.smtp.port", Integer.toString(smtpPort));
        p.setProperty("mail2case.outbox.max-attempts", "100");
        p.setProperty("mail2case.outbox.first-retry-ms", "100");
        p.setProperty("mail2case.outbox.max-retry-ms", "400");
        p.setProperty("mail2case.outbox.lease-ms", "2000");
        return p;
    }

    private static long mostCopies(ScriptedSmtpServer smtp) {
        return smtp.deliveredMessageIds().stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Test
    void aSendWhoseAnswerAfterDataIsLostIsHeldAsUncertainAndNeverSentAgainUnasked() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            Properties settings = settings(TestPostgres.newDatabase(), smtp.port());
            smtp.dropReplyAfterData(true);
            app = Mail2CaseApp.start(settings);
            for (String sender : SENDERS) {
                mail.send(sender, TestApp.SUPPORT, "Heating", "Please help.");
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Recorded.outboxMailsWithStatus(app, "UNCERTAIN") == 3);
            // a blind retry would come within a few poll periods
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    smtp.deliveredMessageIds().size() == 3);
            assertEquals(3, new HashSet<>(smtp.deliveredMessageIds()).size(), "each acknowledgement once");
            System.out.println("Lost answer after DATA: most copies of one acknowledgement " + mostCopies(smtp));
            assertEquals(3, Recorded.deliveryAttempts(app, "UNCERTAIN"),
                    "the delivery log records the uncertain sends");
            Recorded.OutboxMail row = Recorded.firstOutboxMail(app);
            assertTrue(row.lastError().contains("may have been delivered"), row.lastError());

            smtp.dropReplyAfterData(false);
            assertEquals(200, TestApp.api(settings, "POST", "/deliveries/" + row.id() + "/resend", null).statusCode());
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    "SENT".equals(Recorded.outboxMail(app, row.id()).status()));
            assertEquals(4, smtp.deliveredMessageIds().size(), "sent again only because an operator asked");
            assertEquals(List.of("UNCERTAIN", "RESEND_REQUESTED", "SENT"), Recorded.deliveryOutcomes(app, row.id()));
        }
    }

    @Test
    void theDatabaseGoingAwayBetweenTheServersAnswerAndTheCommitSendsOnceAndRecordsItOnceBack(@TempDir Path data)
            throws Exception {
        int port = TestApp.freePort();
        AtomicReference<EmbeddedPostgres> pg = new AtomicReference<>(EmbeddedPostgres.builder().setPort(port)
                .setDataDirectory(data.resolve("pg")).setCleanDataDirectory(false).start());
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicBoolean closed = new AtomicBoolean();
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            smtp.beforeDataReply(() -> {
                if (stopped.compareAndSet(false, true)) {
                    try {
                        pg.get().close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        closed.set(true);
                    }
                }
            });
            app = Mail2CaseApp.start(settings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", smtp.port()));
            mail.send(SENDERS.get(0), TestApp.SUPPORT, "Heating", "Please help.");
            // the old server must have let go of its data directory before the new one takes it
            await().atMost(Duration.ofSeconds(60)).until(closed::get);
            await().atMost(Duration.ofSeconds(30)).until(() -> smtp.deliveredMessageIds().size() == 1);
            pg.set(EmbeddedPostgres.builder().setPort(port).setDataDirectory(data.resolve("pg"))
                    .setCleanDataDirectory(false).start());
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    Recorded.outboxMails(app, "acknowledgement", "SENT") == 1);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    smtp.deliveredMessageIds().size() == 1);
            System.out.println("Database away after the 250: most copies of one acknowledgement " + mostCopies(smtp));
            assertEquals(List.of("SENT"), Recorded.deliveryOutcomes(app, "acknowledgement"), "one send, recorded once");
        } finally {
            app.close();
            app = null;
            pg.get().close();
        }
    }

    @Test
    void rowsOfASenderThatDiedComeBackAfterItsShortLeaseAndOneThatReachedDataIsHeldAsUncertain() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            smtp.answerRcpt("451 4.3.0 try later");
            app = Mail2CaseApp.start(settings(TestPostgres.newDatabase(), smtp.port()));
            mail.send(SENDERS.get(0), TestApp.SUPPORT, "Heating", "Please help.");
            mail.send(SENDERS.get(1), TestApp.SUPPORT, "Printer", "Please help.");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    Recorded.outboxMails(app, "acknowledgement") == 2);
            List<Object[]> rows = query(app, "SELECT id FROM outbox WHERE event = 'acknowledgement' ORDER BY id");
            Object reachedData = rows.get(0)[0];
            Object claimedOnly = rows.get(1)[0];
            // What a replica killed mid-send leaves behind: its claims, one of them past the mark before DATA.
            TestApp.execute(app, "UPDATE outbox SET status = 'SENDING', claim_token = 'dead', claimed_by = 'dead-replica', "
                    + "lease_until = now() + interval '2 seconds', next_attempt_at = now(), "
                    + "data_started_at = CASE WHEN id = " + reachedData + " THEN now() END WHERE id IN ("
                    + reachedData + ", " + claimedOnly + ")");
            smtp.answerRcpt("250 2.1.5 ok");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "SENT".equals(Recorded.outboxMail(app, ((Number) claimedOnly).longValue()).status()));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    "UNCERTAIN".equals(Recorded.outboxMail(app, ((Number) reachedData).longValue()).status()));
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    smtp.deliveredMessageIds().size() == 1);
            assertEquals(1, Recorded.deliveryAttemptsOf(app, ((Number) reachedData).longValue(), "UNCERTAIN"));
        }
    }
}

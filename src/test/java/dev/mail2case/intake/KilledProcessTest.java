package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.ScriptedSmtpServer;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** mail2case killed with SIGKILL in a child JVM, then started again: nothing lost, nothing twice. */
class KilledProcessTest {
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;
    private Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        if (app != null) {
            app.close();
        }
        mail.close();
    }

    /** mail2case in a JVM of its own (its log in target/), to be killed with SIGKILL. */
    private Process startChild(Properties settings, Path log) throws Exception {
        return dev.mail2case.support.ChildApp.start(settings, log);
    }

    /**
     * The kill resets the child's open connections to the test mail server (its POP3 account may be
     * mid-poll), and the server's handler threads report the reset as an uncaught exception: that is what
     * the test does, not a failure, so the waits do not fail on it.
     */
    private static org.awaitility.core.ConditionFactory awaitAcrossTheKill() {
        return await().dontCatchUncaughtExceptions();
    }

    private static long countIn(String jdbcUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return -1; // the schema may not exist yet
        }
    }

    @Test
    void killedBetweenDataAndTheServersAnswerTheAcknowledgementIsNeverSentAgain() throws Exception {
        try (ScriptedSmtpServer smtp = new ScriptedSmtpServer()) {
            String db = TestPostgres.newDatabase();
            Properties settings = TestApp.settings(db, mail);
            settings.setProperty("mail2case.smtp.port", Integer.toString(smtp.port()));
            settings.setProperty("mail2case.outbox.lease-ms", "2000");
            settings.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
            settings.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
            AtomicReference<Process> running = new AtomicReference<>();
            AtomicBoolean killed = new AtomicBoolean();
            smtp.beforeDataReply(() -> {
                if (killed.compareAndSet(false, true)) {
                    running.get().destroyForcibly(); // SIGKILL while it waits for the answer to its data
                    try {
                        running.get().waitFor();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            child = startChild(settings, Path.of("target", "killed-child-" + System.nanoTime() + ".log"));
            running.set(child);
            mail.send("anna@northwind.example", TestApp.SUPPORT, "Heating", "Please help.");
            awaitAcrossTheKill().atMost(Duration.ofSeconds(90)).until(killed::get);
            awaitAcrossTheKill().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());

            settings.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));

            settings.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
            app = Mail2CaseApp.start(settings);
            awaitAcrossTheKill().atMost(Duration.ofSeconds(30)).until(() ->
                    "UNCERTAIN".equals(Recorded.firstOutboxMail(app, "acknowledgement").status()));
            awaitAcrossTheKill().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    smtp.deliveredMessageIds().size() == 1);
            System.out.println("Killed after DATA: copies of the acknowledgement " + smtp.deliveredMessageIds().size());
            assertEquals(1, Recorded.deliveryAttempts(app, "UNCERTAIN"));
            assertEquals(1, Recorded.casesOpened(app), "the mail's case survived the kill");
        }
    }

    @Test
    void killedInTheMiddleOfIntakeEveryMailBecomesExactlyOneCaseAfterTheRestart() throws Exception {
        String db = TestPostgres.newDatabase();
        Properties settings = TestApp.settings(db, mail);
        settings.setProperty("mail2case.account.support.max-messages-per-poll", "5");
        for (int i = 1; i <= 30; i++) {
            mail.send("anna@northwind.example", TestApp.SUPPORT, "Request " + i, "Please help with " + i + ".");
        }
        child = startChild(settings, Path.of("target", "killed-child-" + System.nanoTime() + ".log"));
        awaitAcrossTheKill().atMost(Duration.ofSeconds(90)).until(() -> countIn(db, "SELECT count(*) FROM cases") >= 4);
        child.destroyForcibly();
        child.waitFor();
        long before = countIn(db, "SELECT count(*) FROM cases");

        settings.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));

        settings.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
        app = Mail2CaseApp.start(settings);
        awaitAcrossTheKill().atMost(Duration.ofSeconds(90)).until(() -> Recorded.casesOpened(app) == 30);
        awaitAcrossTheKill().atMost(Duration.ofSeconds(20)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        System.out.println("Killed during intake after " + before + " cases; after the restart 30 cases");
        assertEquals(30, Recorded.distinctCaseSubjects(app), "no mail lost, none twice");
        awaitAcrossTheKill().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                Recorded.casesOpened(app) == 30);
    }
}

package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A database going down mid-mail is no failed try of the mail: a flapping database quarantines nothing. */
class DatabaseFaultsAreNotTheMailsFaultTest extends PipelineTest {

    @Test
    void aMailThatMeetsTheDatabaseShuttingDownAgainAndAgainIsNeverQuarantinedAndOpensItsCaseOnceItIsBack()
            throws Exception {
        Properties settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.account.support.max-attempts", "1");
        app = Mail2CaseApp.start(settings);
        AtomicInteger failed = new AtomicInteger();
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeFailedEvent) {
                    failed.incrementAndGet();
                }
            }
        };
        app.context().getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
        // What the server answers while it shuts down (SQLSTATE 57P01), raised where the mail's transaction writes.
        TestApp.execute(app, """
                CREATE FUNCTION shutting_down() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01'; END
                $$ LANGUAGE plpgsql;
                CREATE TRIGGER shutting_down BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION shutting_down();
                """);
        mail.send("ola@agency.example", TestApp.SUPPORT, "Heating is off", "Please help.");
        await().atMost(Duration.ofSeconds(30)).until(() -> failed.get() >= 3);
        assertEquals(0, Recorded.quarantined(app), "one allowed try, yet nothing quarantined");
        assertEquals(0, Recorded.mailsFailing(app), "the database's fault is not counted");

        TestApp.execute(app, "DROP TRIGGER shutting_down ON cases");
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 1);
    }
}

package dev.mail2case.cases;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.MovableClock;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CloseAndFollowUpTest extends PipelineTest {
    private static final String CLIENT_DESK = "office@northwind.example";
    private final MovableClock clock = new MovableClock();

    private long startWithAClosableCase(String regionEvents, boolean optedIn) throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.timers.follow-ups-cron", "* * * * * ?");
        app = Mail2CaseApp.start(settings, clock);
        TestApp.execute(app, "INSERT INTO regions (name, notifications_active, events, follow_up_days, notify_statuses, "
                + "portal_url) VALUES ('EU-North', true, '" + regionEvents + "', 3, 'WAITING', 'https://portal.example')");
        TestApp.execute(app, "INSERT INTO clients (name, region, email, notify) VALUES ('Northwind', 'EU-North', '"
                + CLIENT_DESK + "', " + optedIn + ")");
        TestApp.execute(app, "INSERT INTO contacts (email, kind, client_id) SELECT 'anna@northwind.example', "
                + "'CLIENT_CONTACT', id FROM clients");
        mail.send("anna@northwind.example", TestApp.SUPPORT, "Leaking tap", "Kitchen, 2nd floor.");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        return Recorded.firstCase(app).number();
    }

    @Test
    void closingNotifiesTheClientAndTheFollowUpFiresOnceAfterTheRegionsDays() throws Exception {
        long n = startWithAClosableCase("case-closed,follow-up", true);
        assertEquals(200, api("POST", "/cases/" + n + "/close", null).statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 1);
        MimeMessage closed = mail.receivedBy(CLIENT_DESK)[0];
        assertTrue(closed.getSubject().contains("Closed"));
        assertEquals("case-" + n + "-report.pdf", reportAttachedTo(closed), "the close notice carries the case report");
        assertEquals(1, Recorded.attachmentsNamed(app, "case-" + n + "-report.pdf", "application/pdf"),
                "the report stays on the case");
        assertEquals("api:alice", Recorded.firstCaseEvent(app, "case-closed").actor());

        clock.advance(Duration.ofDays(2));
        CaseEvents events = app.context().getRegistry().lookupByNameAndType("caseEvents", CaseEvents.class);
        assertEquals(0, events.sendDueFollowUps(), "not due before 3 days");

        clock.advance(Duration.ofDays(1).plusHours(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 2);
        assertTrue(mail.receivedBy(CLIENT_DESK)[1].getSubject().contains("How did we do?"));
        assertEquals(0, events.sendDueFollowUps(), "a follow-up is sent once");
        assertEquals(1, Recorded.outboxMails(app, "follow-up"));
    }

    @Test
    void followUpThatFellDueWhileTheServiceWasDownIsSentOnceItIsBack() throws Exception {
        long n = startWithAClosableCase("case-closed,follow-up", true);
        assertEquals(200, api("POST", "/cases/" + n + "/close", null).statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 1);
        app.close();
        app = null;

        clock.advance(Duration.ofDays(5));
        app = Mail2CaseApp.start(settings, clock);
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.receivedBy(CLIENT_DESK).length == 2);
        assertEquals(1, Recorded.outboxMails(app, "follow-up"));
    }

    @Test
    void everyConditionThatStopsAClientNotificationIsRecordedWithItsReason() throws Exception {
        long n = startWithAClosableCase("follow-up", false);
        api("POST", "/cases/" + n + "/close", null);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMails(app, "case-closed") == 1);
        assertEquals("not sent because the case-closed notification is not active for region EU-North",
                Recorded.firstOutboxMail(app, "case-closed").notSentReason());

        TestApp.execute(app, "UPDATE regions SET events = 'case-closed,follow-up'");
        api("POST", "/cases/" + n + "/status", "{\"status\":\"OPEN\"}");
        api("POST", "/cases/" + n + "/close", null);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMails(app, "case-closed") == 2);
        assertEquals("not sent because client Northwind is not opted in to notifications",
                Recorded.latestOutboxMail(app, "case-closed").notSentReason());

        TestApp.execute(app, "UPDATE clients SET notify = true, email = 'not-an-address'");
        api("POST", "/cases/" + n + "/status", "{\"status\":\"OPEN\"}");
        api("POST", "/cases/" + n + "/close", null);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMails(app, "case-closed") == 3);
        assertEquals("not sent because client Northwind has no valid mail address",
                Recorded.latestOutboxMail(app, "case-closed").notSentReason());
        assertEquals(0, mail.receivedBy(CLIENT_DESK).length);
    }

    @Test
    void statusChangeNotifiesOnlyForTheStatusesTheRegionSelected() throws Exception {
        long n = startWithAClosableCase("status-changed", true);
        assertEquals(200, api("POST", "/cases/" + n + "/status", "{\"status\":\"in-progress\"}").statusCode());
        assertTrue(Recorded.firstCaseEvent(app, "notification").detail()
                .contains("not sent because"));
        assertEquals(200, api("POST", "/cases/" + n + "/status", "{\"status\":\"waiting\"}").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 1);
        assertTrue(mail.receivedBy(CLIENT_DESK)[0].getSubject().contains("Now WAITING"));
        assertEquals(409, api("POST", "/cases/" + n + "/status", "{\"status\":\"waiting\"}").statusCode());
        assertEquals(404, api("POST", "/cases/999999/close", null).statusCode());
    }

    @Test
    void aNewCaseOfAClientReachesTheClientsDeskOnlyWhenItsRegionSendsCaseOpened() throws Exception {
        long n = startWithAClosableCase("case-opened", true);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 1);
        assertEquals("[#" + n + "] New case: Leaking tap", mail.receivedBy(CLIENT_DESK)[0].getSubject());

        TestApp.execute(app, "UPDATE regions SET events = 'case-closed'");
        mail.send("anna@northwind.example", TestApp.SUPPORT, "Broken window", "Room 4.");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMails(app, "case-opened") == 2);
        assertEquals("not sent because the case-opened notification is not active for region EU-North",
                Recorded.latestOutboxMail(app, "case-opened").notSentReason());
    }

    @Test
    void aRegionImportedWithFractionalDaysFollowsUpWithinMinutesAndBadDaysAreRefused() throws Exception {
        long n = startWithAClosableCase("case-closed", true);
        OrganisationImport importer = new OrganisationImport(app.database());
        java.util.Map<String, Integer> counts = importer.importYaml("""
                regions:
                  - name: EU-North
                    notifications_active: true
                    events: [case-closed, follow-up]
                    follow_up_days: 0.001
                    notify_statuses: [WAITING]
                """).counts();
        assertEquals(1, counts.get("regions"));
        assertEquals(1, Recorded.regions(app), "importing updates the region, never duplicates");
        api("POST", "/cases/" + n + "/close", null);
        // the close notice carries a rendered report; let it leave before the clock jumps past the follow-up
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 1);
        clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(CLIENT_DESK).length == 2);
        assertTrue(mail.receivedBy(CLIENT_DESK)[1].getSubject().contains("How did we do?"));

        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> importer.importYaml("regions:\n  - {name: EU-South, follow_up_days: soon}\n"));
        assertTrue(bad.getMessage().contains("follow_up_days 'soon'"), bad.getMessage());
    }

    private static String reportAttachedTo(MimeMessage m) throws Exception {
        jakarta.mail.Multipart mixed = (jakarta.mail.Multipart) m.getContent();
        for (int i = 0; i < mixed.getCount(); i++) {
            jakarta.mail.BodyPart part = mixed.getBodyPart(i);
            if (part.isMimeType("application/pdf")) {
                byte[] pdf = part.getInputStream().readAllBytes();
                assertTrue(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII).startsWith("%PDF"));
                return part.getFileName();
            }
        }
        return null;
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return TestApp.api(settings, method, path, body);
    }
}

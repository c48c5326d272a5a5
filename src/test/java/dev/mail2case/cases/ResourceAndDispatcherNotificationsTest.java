package dev.mail2case.cases;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.MovableClock;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seed 003: auto-mail to the resource holding the case and to dispatchers, and deadlines on Quartz. */
class ResourceAndDispatcherNotificationsTest extends PipelineTest {
    private static final String FACILITIES = "facilities@agency.example";
    private static final String ESCALATION = "escalation@agency.example";
    private static final String OLA = "ola@agency.example";
    private static final String PIOTR = "piotr@agency.example";

    private final MovableClock clock = new MovableClock();

    private long startWithACase() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.timers.deadlines-cron", "* * * * * ?");
        settings.setProperty("mail2case.server-url", "https://desk.agency.example/");
        app = Mail2CaseApp.start(settings, clock);
        OrganisationImport importer = new OrganisationImport(app.database());
        importer.importYaml("""
                employees:
                  - {email: ola@agency.example, name: Ola Nowak, dispatcher: true}
                  - {email: piotr@agency.example, name: Piotr Wolny, dispatcher: true}
                  - {email: jan@agency.example, name: Jan Kowal}
                resources:
                  - {name: Escalation, email: escalation@agency.example, display_name: Escalation desk}
                  - {name: Facilities, email: facilities@agency.example, display_name: Facilities desk,
                     escalation_resource: Escalation}
                  - {name: Night shift}
                """);
        mail.send("anna@northwind.example", TestApp.SUPPORT, "Leaking tap", "Kitchen, 2nd floor.");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        return Recorded.firstCase(app).number();
    }

    @Test
    void forwardedCaseReachesItsNewAssigneeAndEveryDispatcherButAPersonInBothRolesOnlyOnce() throws Exception {
        long n = startWithACase();
        HttpResponse<String> r = api("POST", "/cases/" + n + "/forward",
                "{\"resource\": \"facilities\", \"assignee\": \"OLA@agency.example\"}");
        assertEquals(200, r.statusCode(), r.body());

        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(PIOTR).length == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 1);
        MimeMessage toOla = mail.receivedBy(OLA)[0];
        assertTrue(toOla.getSubject().contains("Forwarded to Facilities"), toOla.getSubject());
        assertEquals("Facilities desk <" + FACILITIES + ">", toOla.getFrom()[0].toString(),
                "the resource's address and display name send its auto-mail");
        String text = TestMailServer.text(toOla);
        assertTrue(text.contains("https://desk.agency.example/cases/" + n), text);
        assertTrue(text.contains("as the case's resource"), "Ola hears of it as the assignee, once: " + text);
        assertEquals(0, mail.receivedBy(FACILITIES).length, "the assignee, not the resource's box, holds the case");
        assertEquals(2, Recorded.outboxMails(app, "case-forwarded"));
        assertEquals("api:alice", Recorded.firstCaseEvent(app, "case-forwarded").actor());
    }

    @Test
    void anActingDispatcherAloneHearsOfTheCaseAndEscalationReachesTheEscalationResource() throws Exception {
        long n = startWithACase();
        assertEquals(200, api("POST", "/cases/" + n + "/forward",
                "{\"resource\": \"Facilities\", \"dispatcher\": \"piotr@agency.example\"}").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(FACILITIES).length == 1);

        HttpResponse<String> r = api("POST", "/cases/" + n + "/escalate", "{\"reason\": \"tenant waiting 3 days\"}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"resource\":\"Escalation\""), r.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ESCALATION).length == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(PIOTR).length == 2);
        assertEquals(0, mail.receivedBy(OLA).length, "with an acting dispatcher, the other dispatchers hear nothing");
        String text = TestMailServer.text(mail.receivedBy(ESCALATION)[0]);
        assertTrue(text.contains("Reason: tenant waiting 3 days"), text);
        assertEquals("Escalation", Recorded.firstCase(app).queue());
    }

    @Test
    void aPassedDeadlineIsReportedOnceAndMovesTheCaseToTheEscalationResource() throws Exception {
        long n = startWithACase();
        api("POST", "/cases/" + n + "/forward", "{\"resource\": \"Facilities\"}");
        OffsetDateTime due = OffsetDateTime.now(clock).plusHours(4);
        assertEquals(200, api("POST", "/cases/" + n + "/deadline", "{\"at\": \"" + due + "\"}").statusCode());
        CaseEvents events = app.context().getRegistry().lookupByNameAndType("caseEvents", CaseEvents.class);
        assertEquals(0, events.passDeadlines(), "not before the deadline");

        clock.advance(Duration.ofHours(5));
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.caseEvents(app, "deadline-passed") == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ESCALATION).length == 1);
        assertEquals(0, events.passDeadlines(), "a deadline passes once");
        assertTrue(mail.receivedBy(ESCALATION)[0].getSubject().contains("Escalated to Escalation"));
        assertTrue((TestMailServer.text(mail.receivedBy(ESCALATION)[0])).contains("automatically"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(FACILITIES).length == 2);
        List<String> subjects = new java.util.ArrayList<>();
        for (MimeMessage m : mail.receivedBy(FACILITIES)) {
            subjects.add(m.getSubject());
        }
        assertTrue(subjects.stream().anyMatch(s -> s.contains("Deadline passed")),
                "the resource holding the case when the deadline passed hears of it: " + subjects);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 3);
        assertEquals(3, mail.receivedBy(OLA).length, "a dispatcher hears of the forward, the deadline and the escalation");
        assertEquals("timer", Recorded.firstCaseEvent(app, "case-escalated").actor());
    }

    @Test
    void aDeadlineThatPassedWhileTheServiceWasDownIsReportedOnceItIsBack() throws Exception {
        long n = startWithACase();
        api("POST", "/cases/" + n + "/forward", "{\"resource\": \"Night shift\"}");
        api("POST", "/cases/" + n + "/deadline", "{\"at\": \"" + OffsetDateTime.now(clock).plusHours(1) + "\"}");
        app.close();
        app = null;
        clock.advance(Duration.ofDays(1));
        app = Mail2CaseApp.start(settings, clock);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Recorded.caseEvents(app, "deadline-passed") == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(PIOTR).length == 2);
        assertEquals("not sent because resource Night shift has no address",
                Recorded.firstOutboxMail(app, "deadline-passed", "NOT_SENT").notSentReason());
    }

    @Test
    void withNoDispatcherAndAResourceWithoutAddressEachMissingRecipientIsRecordedWithItsReason() throws Exception {
        long n = startWithACase();
        TestApp.execute(app, "UPDATE contacts SET dispatcher = false");
        assertEquals(200, api("POST", "/cases/" + n + "/forward", "{\"resource\": \"Night shift\"}").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Recorded.outboxMails(app, "case-forwarded") == 2);
        assertEquals(java.util.List.of("not sent because no dispatcher has an address",
                        "not sent because resource Night shift has no address"),
                Recorded.notSentReasonsOfEvent(app, "case-forwarded"));
    }

    @Test
    void forwardingToAResourceThatDoesNotExistIsRefusedAndChangesNothing() throws Exception {
        long n = startWithACase();
        HttpResponse<String> r = api("POST", "/cases/" + n + "/forward", "{\"resource\": \"Plumbing\"}");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("there is no resource named 'Plumbing'"), r.body());
        assertEquals(409, api("POST", "/cases/" + n + "/escalate", null).statusCode(),
                "a case outside any resource has no escalation resource");
        assertEquals(400, api("POST", "/cases/" + n + "/deadline", "{\"at\": \"tomorrow\"}").statusCode());
        assertEquals(0, Recorded.caseEventsOtherThan(app, "deadline-set"));
    }

    @Test
    void acceptingAndRejectingARequestNotifyTheClientWhenItsRegionSendsThoseEvents() throws Exception {
        long n = startWithACase();
        TestApp.execute(app, "INSERT INTO regions (name, notifications_active, events) "
                + "VALUES ('EU', true, 'request-accepted,request-rejected')");
        TestApp.execute(app, "INSERT INTO clients (name, region, email, notify) VALUES ('Northwind', 'EU', "
                + "'desk@northwind.example', true)");
        TestApp.execute(app, "UPDATE cases SET client_id = (SELECT id FROM clients)");

        assertEquals(200, api("POST", "/cases/" + n + "/accept", null).statusCode());
        assertEquals(409, api("POST", "/cases/" + n + "/accept", null).statusCode(), "accepted once");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("desk@northwind.example").length == 1);
        assertTrue(mail.receivedBy("desk@northwind.example")[0].getSubject().contains("Accepted"));

        assertEquals(400, api("POST", "/cases/" + n + "/reject", "{}").statusCode(), "a rejection needs a reason");
        assertEquals(200, api("POST", "/cases/" + n + "/reject", "{\"reason\": \"outside our contract\"}").statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("desk@northwind.example").length == 2);
        MimeMessage rejected = mail.receivedBy("desk@northwind.example")[1];
        assertTrue((TestMailServer.text(rejected)).contains("Reason: outside our contract"));
        assertEquals("REJECTED", Recorded.firstCase(app).status());
    }

    @Test
    void dispatchersWhoTakeNewRequestsHearOfEachMailThatOpensACaseExceptTheOneAlreadyAssignedIt() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        settings.setProperty("mail2case.dispatchers.events", "new-request, case-forwarded");
        app = Mail2CaseApp.start(settings, clock);
        new OrganisationImport(app.database()).importYaml("""
                employees:
                  - {email: ola@agency.example, name: Ola Nowak, dispatcher: true}
                  - {email: piotr@agency.example, name: Piotr Wolny, dispatcher: true}
                jobs:
                  - {number: GEN-1, default_assignee: ola@agency.example}
                agency: {default_job: GEN-1}
                """);
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress("anna@northwind.example", "Anna Berg"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Leaking tap");
        m.setText("Kitchen.");
        mail.send(m);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(PIOTR).length == 1);
        assertTrue(mail.receivedBy(PIOTR)[0].getSubject().contains("New request: Leaking tap"));
        assertTrue(TestMailServer.text(mail.receivedBy(PIOTR)[0]).contains("from Anna Berg <anna@northwind.example>"));
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 1);
        assertTrue(mail.receivedBy(OLA)[0].getSubject().contains("New case for you"),
                "Ola, assignee and dispatcher, gets the assignee's notice only");
        assertEquals(0, Recorded.outboxMailsTo(app, "new-request", OLA));


        try (TestMailServer other = new TestMailServer()) {
            Properties wrong = TestApp.settings(TestPostgres.newDatabase(), other);
            wrong.setProperty("mail2case.dispatchers.events", "case-closed");
            Throwable e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                    () -> Mail2CaseApp.start(wrong).close());
            while (e != null && !(e instanceof dev.mail2case.config.SettingException)) {
                e = e.getCause();
            }
            assertTrue(e != null && e.getMessage().contains("mail2case.dispatchers.events")
                    && e.getMessage().contains("case-closed"), "start-up names the bad setting");
        }
    }

    private HttpResponse<String> api(String method, String path, String body) throws Exception {
        return TestApp.api(settings, method, path, body);
    }
}

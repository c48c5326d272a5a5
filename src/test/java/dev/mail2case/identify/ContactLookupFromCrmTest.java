package dev.mail2case.identify;

import com.sun.net.httpserver.HttpServer;
import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contact lookup replaced by a route that asks a CRM over HTTP, as an engineer would write it. */
class ContactLookupFromCrmTest extends PipelineTest {
    private static final String ANNA = "anna@northwind.example";

    private static final Map<String, String> CRM = Map.of(
            ANNA, "{\"kind\":\"client-contact\",\"name\":\"Anna Berg\",\"client\":\"Northwind Traders\"}",
            "ola@agency.example", "{\"kind\":\"employee\",\"name\":\"Ola Kowalska\",\"office\":\"Warsaw office\"}");

    private static final String CRM_LOOKUP = """
            - route:
                id: lookup-contact
                from:
                  uri: direct:lookup-contact
                  steps:
                    - setBody:
                        constant: ""
                    - setHeader:
                        name: CamelHttpMethod
                        constant: GET
                    - setHeader:
                        name: CamelHttpQuery
                        simple: "email=${header.mail2caseLookupAddress}"
                    - to:
                        uri: "http://127.0.0.1:PORT/contacts"
            """;

    private static final String ORGANISATION = """
            agency:
              default_job: GEN-100
            offices:
              - name: Warsaw office
                default_assignee: ola@agency.example
            jobs:
              - number: GEN-100
                name: General requests
              - number: NW-200
                name: Northwind support
                client: Northwind Traders
                default_assignee: piotr@agency.example
            clients:
              - name: Northwind Traders
                default_job: NW-200
            employees:
              - email: ola@agency.example
                name: Ola Kowalska
                office: Warsaw office
              - email: piotr@agency.example
                name: Piotr Nowak
            """;

    private final List<String> asked = new CopyOnWriteArrayList<>();
    private HttpServer crm;

    @AfterEach
    void stopCrm() {
        if (crm != null) {
            crm.stop(0);
        }
    }

    @Test
    void aClientContactKnownOnlyToTheCrmOpensACaseOnTheClientsDefaultJob(@TempDir Path routes) throws Exception {
        startWithCrm(routes);
        mail.sendRaw(("From: Anna Berg <" + ANNA + ">\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Invoice 4471\r\n"
                + "Message-ID: <crm-1@northwind.example>\r\n\r\nThe invoice is wrong.\r\n").getBytes(), ANNA, TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        assertEquals("NW-200", c.job(), "the client's default job, named by the CRM's answer");
        assertEquals("piotr@agency.example", c.assigneeAddress(), "the job's default assignee");
        assertEquals("Northwind Traders", c.clientName());
        assertEquals(false, c.unregistered(), "the CRM knows her, so she is registered");
        assertTrue(asked.contains(ANNA), "the CRM was asked for the original sender: " + asked);
    }

    @Test
    void anAddressTheCrmDoesNotKnowFollowsTheAccountsUnknownSenderPolicy(@TempDir Path routes) throws Exception {
        startWithCrm(routes);
        mail.sendRaw(("From: stranger@elsewhere.example\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Hello\r\n"
                + "Message-ID: <crm-2@elsewhere.example>\r\n\r\nWho are you?\r\n").getBytes(),
                "stranger@elsewhere.example", TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals(true, Recorded.firstCase(app).unregistered());
    }

    @Test
    void anEmployeeAnsweredByTheCrmIsRefusedWhereTheAccountAcceptsOnlyClientContacts(@TempDir Path routes)
            throws Exception {
        startWithCrm(routes, "client-contacts");
        mail.sendRaw(("From: ola@agency.example\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Printer\r\n"
                + "Message-ID: <crm-3@agency.example>\r\n\r\nThe printer is jammed.\r\n").getBytes(),
                "ola@agency.example", TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals(true, Recorded.firstCase(app).unregistered(),
                "the account's accepts applies to the CRM's answer: an employee is unknown here");
    }

    private Properties startWithCrm(Path routes) throws Exception {
        return startWithCrm(routes, null);
    }

    private Properties startWithCrm(Path routes, String accepts) throws Exception {
        crm = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        crm.createContext("/contacts", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String email = query == null ? "" : query.replaceFirst("^email=", "");
            asked.add(email);
            byte[] answer = CRM.getOrDefault(email, "{}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        crm.start();
        Files.writeString(routes.resolve("45-lookup-contact.camel.yaml"),
                CRM_LOOKUP.replace("PORT", Integer.toString(crm.getAddress().getPort())));
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.routes.dir", routes.toString());
        if (accepts != null) {
            p.setProperty("mail2case.account.support.accepts", accepts);
        }
        app = Mail2CaseApp.start(p);
        new OrganisationImport(app.database()).importYaml(ORGANISATION);
        return p;
    }
}

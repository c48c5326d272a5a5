package dev.mail2case.config;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouteFolderTest extends PipelineTest {
    private static final String TENANT = "claire.dubois@courriel.example";

    /** Replaces the shipped contact lookup: it hands every address to a stage of its own. */
    private static final String LOOKUP_OVERRIDE = """
            - route:
                id: lookup-contact
                from:
                  uri: direct:lookup-contact
                  steps:
                    - to:
                        uri: direct:directory-lookup
            """;

    /** A stage that did not exist: a directory that knows nobody. */
    private static final String NEW_STAGE = """
            - route:
                id: directory-lookup
                from:
                  uri: direct:directory-lookup
                  steps:
                    - setBody:
                        constant: ""
            """;

    @Test
    void aRouteFileInTheRoutesFolderReplacesTheShippedFileOfTheSameNameAndANewFileAddsAStage(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("45-lookup-contact.camel.yaml"), LOOKUP_OVERRIDE);
        Files.writeString(dir.resolve("46-directory-lookup.camel.yaml"), NEW_STAGE);
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.routes.dir", dir.toString());
        app = Mail2CaseApp.start(p);
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind) VALUES ('" + TENANT + "', 'Claire Dubois', 'TENANT')");

        assertNotNull(app.context().getRoute("directory-lookup"), "the new file's route runs");
        assertNotNull(app.context().getRoute("intake"), "the files not overridden are still the shipped ones");
        mail.sendRaw(("From: " + TENANT + "\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Heating is off\r\n"
                + "Message-ID: <heating-1@courriel.example>\r\n\r\nNo heating since Monday.\r\n").getBytes(),
                TENANT, TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        assertEquals(true, c.unregistered(),
                "the replacing lookup knows no one, so a registered tenant is unregistered");
        assertEquals(true, c.contactId() == null);
    }

    @Test
    void withoutARoutesFolderAKnownTenantIsFoundByTheShippedLookup() throws Exception {
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind) VALUES ('" + TENANT + "', 'Claire Dubois', 'TENANT')");
        mail.sendRaw(("From: " + TENANT + "\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Heating is off\r\n"
                + "Message-ID: <heating-2@courriel.example>\r\n\r\nNo heating since Monday.\r\n").getBytes(),
                TENANT, TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals(false, Recorded.firstCase(app).unregistered());
    }

    @Test
    void aRoutesFolderThatDoesNotExistStopsStartUpNamingTheSetting(@TempDir Path dir) {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.routes.dir", dir.resolve("missing").toString());
        SettingException e = TestApp.startUpRefused(p);
        assertEquals("mail2case.routes.dir", e.setting());
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    }
}

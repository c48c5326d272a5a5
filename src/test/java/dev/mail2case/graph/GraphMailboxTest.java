package dev.mail2case.graph;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Microsoft Graph account ({@code protocol=graph}) read through the Graph contract test server. */
class GraphMailboxTest {
    private static final String SHARED = "helpdesk@contoso.example";
    private GraphContractServer graph;
    private TestMailServer smtp;
    private Mail2CaseApp app;
    private Properties settings;

    @BeforeEach
    void start() throws Exception {
        graph = new GraphContractServer("graph-app", "graph-secret");
        smtp = new TestMailServer();
        settings = settings(TestPostgres.newDatabase());
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        smtp.close();
        graph.close();
    }

    private Properties settings(String jdbcUrl) {
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", jdbcUrl);
        p.setProperty("mail2case.db.user", "postgres");
        p.setProperty("mail2case.db.password", "");
        p.setProperty("mail2case.smtp.host", "127.0.0.1");
        p.setProperty("mail2case.smtp.port", Integer.toString(smtp.smtpPort()));
        p.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
        p.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
        p.setProperty("mail2case.accounts", "helpdesk");
        String k = "mail2case.account.helpdesk.";
        p.setProperty(k + "protocol", "graph");
        p.setProperty(k + "address", SHARED);
        p.setProperty(k + "poll-delay-ms", "200");
        p.setProperty(k + "error-backoff-polls", "2");
        p.setProperty(k + "graph-url", graph.graphUrl());
        p.setProperty(k + "oauth2.provider", "generic");
        p.setProperty(k + "oauth2.token-url", graph.tokenUrl("contoso"));
        p.setProperty(k + "oauth2.client-id", "graph-app");
        p.setProperty(k + "oauth2.client-secret", "graph-secret");
        p.setProperty(k + "oauth2.scope", "https://graph.microsoft.com/.default");
        return p;
    }

    private static byte[] mail(String subject) {
        return ("From: Anna Client <anna@northwind.example>\r\nTo: " + SHARED + "\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '-') + "@northwind.example>\r\n"
                + "Date: Mon, 30 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nPlease help with " + subject + ".\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private long cases(String subject) {
        return Recorded.casesWithSubject(app, subject);
    }

    private long mimeFetches() {
        return graph.requests().stream().filter(r -> r.path().endsWith("/$value")).count();
    }

    @Test
    void aGraphMailboxIsReadAcrossARestartWithNothingMissedOrDoubled() throws Exception {
        byte[] first = mail("Graph one");
        graph.deliver(SHARED, first);
        graph.deliver(SHARED, mail("Graph two"));
        app = Mail2CaseApp.start(settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Graph one") == 1 && cases("Graph two") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                graph.messages(SHARED, "inbox").stream().allMatch(m -> m.isRead));

        app.close();
        graph.deliver(SHARED, mail("While stopped"));
        app = Mail2CaseApp.start(settings);
        graph.deliver(SHARED, mail("After restart"));

        await().atMost(Duration.ofSeconds(30)).until(() -> cases("While stopped") == 1 && cases("After restart") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                graph.messages(SHARED, "inbox").stream().allMatch(m -> m.isRead));
        assertEquals(4, Recorded.casesOpened(app), "four mails, four cases, none twice");
        assertEquals(4, mimeFetches(), "each message's MIME was fetched once, none again after the restart");
        assertArrayEquals(first, Recorded.mailTakenInWithSubject(app, "Graph one").raw(),
                "the raw mail is the MIME Graph gave, byte for byte");
        assertEquals(AccountStatus.State.UP, app.accountStatus().get("helpdesk").state());
        assertEquals("poll graph every 200 ms", app.accountStatus().get("helpdesk").reading());
    }

    @Test
    void throttledGraphIsAskedAgainOnlyAfterItsRetryAfter() throws Exception {
        graph.deliver(SHARED, mail("Throttled"));
        graph.throttle(1, 2);
        app = Mail2CaseApp.start(settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Throttled") == 1);

        List<GraphContractServer.Request> calls = graph.requests().stream()
                .filter(r -> r.path().startsWith("/v1.0/")).toList();
        assertEquals(429, calls.get(0).status());
        Duration waited = Duration.between(calls.get(0).at(), calls.get(1).at());
        assertTrue(waited.compareTo(Duration.ofSeconds(2)) >= 0, "next call only after Retry-After: " + waited);
    }

    @Test
    void afterProcessingMoveFilesTheMessageInTheFolderOfThatName() throws Exception {
        String processed = graph.addFolder("Processed");
        settings.setProperty("mail2case.account.helpdesk.after-processing", "move");
        settings.setProperty("mail2case.account.helpdesk.move-to", "Processed");
        graph.deliver(SHARED, mail("Move me"));
        app = Mail2CaseApp.start(settings);

        await().atMost(Duration.ofSeconds(30)).until(() -> graph.messages(SHARED, processed).size() == 1);
        assertEquals(0, graph.messages(SHARED, "inbox").size());
        assertEquals(1, cases("Move me"));
    }

    @Test
    void revokedTokensAreReplacedAndAWrongSecretDegradesTheAccountWithTheProvidersReason() throws Exception {
        graph.deliver(SHARED, mail("Before revocation"));
        app = Mail2CaseApp.start(settings);
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Before revocation") == 1);

        graph.revokeTokens();
        graph.deliver(SHARED, mail("After revocation"));
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("After revocation") == 1);

        app.close();
        settings.setProperty("mail2case.account.helpdesk.oauth2.client-secret", "an-old-secret");
        app = Mail2CaseApp.start(settings);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.accountStatus().get("helpdesk").state() == AccountStatus.State.DEGRADED);
        assertTrue(app.accountStatus().get("helpdesk").lastError().contains("AADSTS7000215"),
                app.accountStatus().get("helpdesk").lastError());
    }
}

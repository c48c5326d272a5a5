package dev.mail2case.auth;

import dev.mail2case.config.OAuth2Settings;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.OAuthMailhost;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OAuth2 logins against the real Dovecot and Postfix of the mail host: IMAP and POP3 accounts and the
 * outgoing SMTP server log in with SASL XOAUTH2 and tokens of the mail host's token server, which
 * Dovecot checks at every login.
 */
class OAuth2MailboxTest {
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String support = "support-" + run + "@mail2case.test";
    private final String requests = "requests-" + run + "@mail2case.test";
    private final String client = "anna-" + run + "@client-one.test";
    private final String supportApp = "m2c-support-" + run;
    private final String requestsApp = "m2c-requests-" + run;
    private Mail2CaseApp app;
    private Properties settings;

    @BeforeEach
    void mailhost() {
        OAuthMailhost.require();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        if (settings != null) {
            OAuthMailhost.removeClient(supportApp);
            OAuthMailhost.removeClient(requestsApp);
        }
    }

    /** An IMAP account and a POP3 account, each with an app of its own, and SMTP with XOAUTH2 too. */
    private Properties settings(int tokenSeconds) {
        OAuthMailhost.registerClient(supportApp, "support-secret", tokenSeconds);
        OAuthMailhost.registerClient(requestsApp, "requests-secret", 300);
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", TestPostgres.newDatabase());
        p.setProperty("mail2case.db.user", "postgres");
        p.setProperty("mail2case.db.password", "");
        p.setProperty("mail2case.smtp.host", OAuthMailhost.HOST);
        p.setProperty("mail2case.smtp.port", Integer.toString(OAuthMailhost.SMTP));
        p.setProperty("mail2case.smtp.auth", "oauth2");
        p.setProperty("mail2case.smtp.username", support);
        oauth(p, "mail2case.smtp", requestsApp, "requests-secret");
        p.setProperty("mail2case.accounts", "support,requests");
        account(p, "support", "imap", OAuthMailhost.IMAP, support, "seen", supportApp, "support-secret");
        account(p, "requests", "pop3", OAuthMailhost.POP3, requests, "delete", requestsApp, "requests-secret");
        p.setProperty("camel.server.port", Integer.toString(TestApp.freePort()));
        p.setProperty("camel.management.port", Integer.toString(TestApp.freePort()));
        p.setProperty("mail2case.outbox.poll-ms", "200");
        p.setProperty("mail2case.outbox.first-retry-ms", "200");
        p.setProperty("mail2case.outbox.max-retry-ms", "1000");
        settings = p;
        return p;
    }

    private static void account(Properties p, String id, String protocol, int port, String address, String after,
                                String clientId, String secret) {
        String k = "mail2case.account." + id + ".";
        p.setProperty(k + "protocol", protocol);
        p.setProperty(k + "host", OAuthMailhost.HOST);
        p.setProperty(k + "port", Integer.toString(port));
        p.setProperty(k + "username", address);
        p.setProperty(k + "address", address);
        p.setProperty(k + "after-processing", after);
        p.setProperty(k + "poll-delay-ms", "200");
        p.setProperty(k + "error-backoff-polls", "2");
        p.setProperty(k + "auth", "oauth2");
        oauth(p, "mail2case.account." + id, clientId, secret);
    }

    private static void oauth(Properties p, String prefix, String clientId, String secret) {
        p.setProperty(prefix + ".oauth2.provider", "generic");
        p.setProperty(prefix + ".oauth2.token-url", OAuthMailhost.TOKEN_URL);
        p.setProperty(prefix + ".oauth2.client-id", clientId);
        p.setProperty(prefix + ".oauth2.client-secret", secret);
        p.setProperty(prefix + ".oauth2.scope", OAuth2Settings.MICROSOFT_MAIL_SCOPE);
    }

    private long cases(String subject) {
        return Recorded.casesWithSubject(app, subject);
    }

    @Test
    void imapAndPop3AccountsLogInWithXoauth2AndTheAcknowledgementGoesOutOverSmtpWithXoauth2() throws Exception {
        Properties p = settings(300);
        p.setProperty("mail2case.account.requests.oauth2.client-secret-expires",
                java.time.LocalDate.now().plusDays(5).toString());
        app = Mail2CaseApp.start(p);
        OAuthMailhost.send(client, support, "Printer on fire " + run, "It really is.");
        OAuthMailhost.send(client, requests, "New laptop " + run, "Please.");

        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Printer on fire " + run) == 1
                && cases("New laptop " + run) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> OAuthMailhost.subjects(client).stream()
                .filter(s -> s.contains(run)).count() == 2);
        assertEquals(0, OAuthMailhost.unseen(support), "the IMAP mail is flagged seen after the commit");
        assertEquals(AccountStatus.State.UP, app.accountStatus().get("support").state());
        assertEquals(AccountStatus.State.UP, app.accountStatus().get("requests").state());
        assertTrue(OAuthMailhost.accessTokensIssued(requestsApp) >= 1, "SMTP and POP3 used the app's tokens");
        assertTrue(app.accountStatus().get("requests").credentialWarning().contains("expires in 5 days"),
                "the secret's end is announced: " + app.accountStatus().get("requests").credentialWarning());
        assertNull(app.accountStatus().get("support").credentialWarning());
    }

    @Test
    void withOauthbearerChosenImapAndSmtpLogInWithOauthbearerBecauseDovecotOffersIt() throws Exception {
        Properties p = settings(300);
        p.setProperty("mail2case.account.support.oauth2.mechanism", "oauthbearer");
        p.setProperty("mail2case.smtp.oauth2.mechanism", "oauthbearer");
        app = Mail2CaseApp.start(p);
        OAuthMailhost.send(client, support, "Bearer " + run, "via OAUTHBEARER");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Bearer " + run) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> OAuthMailhost.subjects(client).stream()
                .anyMatch(s -> s.contains("Bearer " + run)));
        await().atMost(Duration.ofSeconds(10)).until(() -> OAuthMailhost.log("dovecot.log").lines().anyMatch(l ->
                l.contains("imap-login") && l.contains("Login: user=<" + support + ">") && l.contains("method=OAUTHBEARER")));
        assertTrue(OAuthMailhost.log("postfix.log").lines().anyMatch(l -> l.contains("sasl_method=OAUTHBEARER")
                && l.contains("sasl_username=" + support)), "the acknowledgement went out after SMTP OAUTHBEARER");
    }

    @Test
    void aStoredRefreshTokenKeepsTheAccountReadingUntilTheProviderRevokesIt() throws Exception {
        Properties p = settings(3);
        String refreshToken = refreshToken(supportApp, "support-secret");
        String k = "mail2case.account.support.oauth2.";
        p.setProperty(k + "provider", "google");
        p.setProperty(k + "refresh-token", refreshToken);
        p.setProperty(k + "scope", "https://mail.google.com/");
        app = Mail2CaseApp.start(p);
        OAuthMailhost.send(client, support, "Refreshed " + run, "first");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Refreshed " + run) == 1);
        long issued = OAuthMailhost.accessTokensIssued(supportApp);
        await().atMost(Duration.ofSeconds(30)).until(() -> OAuthMailhost.accessTokensIssued(supportApp) >= issued + 2);
        assertEquals(AccountStatus.State.UP, app.accountStatus().get("support").state(),
                "access tokens living 3 s were renewed with the refresh token");

        OAuthMailhost.admin("revoke", "token", refreshToken);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.accountStatus().get("support").state() == AccountStatus.State.DEGRADED
                        && app.accountStatus().get("support").lastError().contains("AADSTS50173"));
        OAuthMailhost.send(client, requests, "Still read " + run, "other account");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Still read " + run) == 1);
    }

    /** A refresh token as an authorization would leave it (the token server gives one with offline_access). */
    private static String refreshToken(String clientId, String secret) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(OAuthMailhost.TOKEN_URL))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=" + secret + "&scope=https%3A%2F%2Fmail.google.com%2F+offline_access")).build(),
                HttpResponse.BodyHandlers.ofString());
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).get("refresh_token").asText();
    }

    @Test
    void anAccountKeepsReadingMailWhileItsShortLivedTokensAreRenewed() throws Exception {
        app = Mail2CaseApp.start(settings(3));
        OAuthMailhost.send(client, support, "Before renewal " + run, "first");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Before renewal " + run) == 1);
        long first = OAuthMailhost.accessTokensIssued(supportApp);

        // Every poll logs in again; tokens living 3 s must be renewed before they lapse.
        await().atMost(Duration.ofSeconds(30)).until(() -> OAuthMailhost.accessTokensIssued(supportApp) >= first + 3);
        OAuthMailhost.send(client, support, "After renewal " + run, "second");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("After renewal " + run) == 1);

        AccountStatus.Entry status = app.accountStatus().get("support");
        assertEquals(AccountStatus.State.UP, status.state());
        assertNull(status.lastError(), "no login was ever refused for an expired token");
    }

    @Test
    void anExpiredClientSecretDegradesOnlyItsAccountAndItsMailIsReadOnceTheSecretIsBack() throws Exception {
        app = Mail2CaseApp.start(settings(300));
        OAuthMailhost.send(client, support, "Warm-up " + run, "first");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Warm-up " + run) == 1);

        // The secret runs out and the tokens already issued are revoked: no login is possible any more.
        OAuthMailhost.admin("expire-secret", "client_id", supportApp);
        OAuthMailhost.admin("revoke", "all", "1", "client_id", supportApp);
        OAuthMailhost.send(client, support, "While degraded " + run, "second");
        OAuthMailhost.send(client, requests, "Other account " + run, "third");

        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.accountStatus().get("support").state() == AccountStatus.State.DEGRADED
                        && app.accountStatus().get("support").lastError() != null
                        && app.accountStatus().get("support").lastError().contains("AADSTS7000222"));
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Other account " + run) == 1);
        assertEquals(0, cases("While degraded " + run));
        assertEquals(AccountStatus.State.UP, app.accountStatus().get("requests").state());
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + settings.getProperty("camel.server.port") + "/api/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(health.body().contains("\"mailAccounts\":\"DEGRADED\"")
                && health.body().contains("invalid_client"), health.body());

        OAuthMailhost.admin("reset", "client_id", supportApp);
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("While degraded " + run) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                app.accountStatus().get("support").state() == AccountStatus.State.UP);
        assertEquals(1, cases("While degraded " + run), "the mail became one case, once");
    }

    @Test
    void outgoingMailWaitsInTheOutboxWhileTheSmtpAppHasNoTokenAndGoesOutOnceItHasOne() throws Exception {
        Properties p = settings(300);
        p.setProperty("mail2case.outbox.max-attempts", "1000");
        app = Mail2CaseApp.start(p);
        // The SMTP login's app (shared here with the POP3 account) loses its secret and its tokens.
        OAuthMailhost.admin("expire-secret", "client_id", requestsApp);
        OAuthMailhost.admin("revoke", "all", "1", "client_id", requestsApp);
        OAuthMailhost.send(client, support, "Held ack " + run, "x");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Held ack " + run) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.outboxMailsPendingAfterTries(app, 2) >= 1);
        assertTrue(OAuthMailhost.subjects(client).stream().noneMatch(s -> s.contains("Held ack " + run)));

        OAuthMailhost.admin("reset", "client_id", requestsApp);
        await().atMost(Duration.ofSeconds(30)).until(() -> OAuthMailhost.subjects(client).stream()
                .filter(s -> s.contains("Held ack " + run)).count() == 1);
        // SENT is committed just after the server's answer, which may be after the mail is in the mailbox.
        await().atMost(Duration.ofSeconds(10)).until(() -> Recorded.outboxMailsNotWithStatus(app, "SENT") == 0);
    }

    @Test
    void aPop3AccountWhoseTokenTheServerRefusesShowsDegradedWithTheRefusal() throws Exception {
        Properties p = settings(300);
        // Issued by the provider, but without a mail scope: Dovecot refuses it.
        p.setProperty("mail2case.account.requests.oauth2.scope", "openid");
        app = Mail2CaseApp.start(p);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                app.accountStatus().get("requests").state() == AccountStatus.State.DEGRADED);
        assertTrue(app.accountStatus().get("requests").lastError().contains("refused the XOAUTH2 login"),
                app.accountStatus().get("requests").lastError());
        OAuthMailhost.send(client, support, "IMAP unaffected " + run, "x");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("IMAP unaffected " + run) == 1);
    }

    @Test
    void aTokenTheMailServerRefusesIsReplacedAtTheNextLogin() throws Exception {
        app = Mail2CaseApp.start(settings(300));
        OAuthMailhost.send(client, support, "First " + run, "first");
        await().atMost(Duration.ofSeconds(30)).until(() -> cases("First " + run) == 1);
        long issued = OAuthMailhost.accessTokensIssued(supportApp);

        // The cached token is still within its lifetime, but the provider withdrew it.
        OAuthMailhost.admin("revoke", "all", "1", "client_id", supportApp);
        OAuthMailhost.send(client, support, "Second " + run, "second");

        await().atMost(Duration.ofSeconds(30)).until(() -> cases("Second " + run) == 1);
        assertTrue(OAuthMailhost.accessTokensIssued(supportApp) > issued, "a new token was fetched");
        assertTrue(app.accountStatus().get("support").lastError().contains("login refused"),
                "the refusal was recorded: " + app.accountStatus().get("support").lastError());
    }
}

package dev.mail2case.metrics;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an operator sees of one mail: Prometheus figures on the management port, and its log lines. */
class MetricsAndLogsTest {
    private static final String MAILBOX_PASSWORD = "Mailbox-Secret-7f3a9c";
    private static final String OPERATOR_TOKEN = "operator-token-b8e41d2c77";

    private final TestMailServer mail = new TestMailServer();
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();
    private final ByteArrayOutputStream json = new ByteArrayOutputStream();
    private final List<OutputStreamAppender<ILoggingEvent>> appenders = new java.util.ArrayList<>();
    private Properties settings;
    private Mail2CaseApp app;

    @BeforeEach
    void start() throws Exception {
        capture(text, productionTextEncoder());
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(root().getLoggerContext());
        encoder.setWithFormattedMessage(true);
        encoder.start();
        capture(json, encoder);
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        mail.greenMail().setUser(TestApp.SUPPORT, TestApp.SUPPORT, MAILBOX_PASSWORD);
        settings.setProperty("mail2case.account.support.password", MAILBOX_PASSWORD);
        settings.setProperty("mail2case.api.operator.alice.token", OPERATOR_TOKEN);
        settings.setProperty("mail2case.metrics.refresh-ms", "200");
        app = Mail2CaseApp.start(settings);
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
        mail.close();
        appenders.forEach(a -> {
            root().detachAppender(a);
            a.stop();
        });
    }

    @Test
    void scrapeShowsMailTakenCaseOpenedAndAcknowledgementSent() throws Exception {
        mail.send("anna@northwind.example", TestApp.SUPPORT, "Printer jams", "Every second page.");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String metrics = scrape();
            assertTrue(metrics.contains("mail2case_mails_total{account=\"support\",outcome=\"case-opened\"} 1.0"), metrics);
            assertTrue(metrics.contains("mail2case_outbox_mails{status=\"SENT\"}"), metrics);
            assertTrue(metrics.contains("mail2case_delivery_latency_seconds_count 1"), metrics);
        });
        String metrics = scrape();
        assertTrue(metrics.contains("mail2case_mails_taken_total{account=\"support\"} 1.0"), metrics);
        assertTrue(metrics.contains("mail2case_mail_commit_seconds_bucket{account=\"support\""), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("mail2case_account_last_poll_timestamp_seconds{account=\"requests\"}")
                && !l.endsWith(" 0.0")), "the POP3 account's last poll is known:\n" + metrics);
        assertTrue(metrics.contains("routeId=\"account-support\""), "Camel's route metrics:\n" + metrics);
    }

    @Test
    void everyLineOfAMailsPathNamesItsAccountKeyAndCase() throws Exception {
        mail.send("anna@northwind.example", TestApp.SUPPORT, "Printer jams", "Every second page.");
        await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("Sent case-assigned")
                || log().contains("Sent acknowledgement"));
        String opened = line("opened case");
        assertTrue(opened.contains(" account=support ") && opened.contains(" mailKey=") && opened.contains(" caseNumber=1001"),
                opened);
        assertTrue(opened.matches("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+].*"), opened);
        String sent = line("Sent ");
        assertTrue(sent.contains(" deliveryId="), sent);
        assertTrue(json.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.contains("opened case [#1001]")
                && l.contains("\"account\":\"support\"") && l.contains("\"caseNumber\":\"1001\"")), json.toString());
    }

    @Test
    void passwordsAndTokensNeverReachTheLog() throws Exception {
        mail.send("anna@northwind.example", TestApp.SUPPORT, "Printer jams", "Every second page.");
        // a failed login and a refused API call are where a careless log would print them
        mail.greenMail().setUser(TestApp.REQUESTS, TestApp.REQUESTS, "another-password");
        TestApp.api(settings, "GET", "/blocks", null);
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + settings.getProperty("camel.server.port") + "/api/blocks"))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN + "x").build(), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(60)).until(() -> log().contains("opened case")
                && scrape().contains("mail2case_account_polls_total{account=\"requests\",result=\"failed\"}"));
        String all = log() + json.toString(StandardCharsets.UTF_8);
        assertFalse(all.contains(MAILBOX_PASSWORD), "mailbox password in the log");
        assertFalse(all.contains(OPERATOR_TOKEN), "operator token in the log");
        assertFalse(all.contains(TestMailServer.PASSWORD), "mailbox password in the log");
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + settings.getProperty("camel.management.port") + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    private String log() {
        return text.toString(StandardCharsets.UTF_8);
    }

    private String line(String containing) {
        return log().lines().filter(l -> l.contains(containing)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + containing + "' in\n" + log()));
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** The encoder of the console appender logback.xml configures, so the test reads what production prints. */
    @SuppressWarnings("unchecked")
    private static Encoder<ILoggingEvent> productionTextEncoder() {
        LoggerContext context = root().getLoggerContext();
        var console = (ch.qos.logback.core.ConsoleAppender<ILoggingEvent>) Arrays.stream(new String[]{"text"})
                .map(n -> root().getAppender(n)).filter(java.util.Objects::nonNull).findFirst()
                .orElseThrow(() -> new AssertionError("logback.xml has no text appender on the root logger"));
        ch.qos.logback.classic.encoder.PatternLayoutEncoder encoder = new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(((ch.qos.logback.classic.encoder.PatternLayoutEncoder) console.getEncoder()).getPattern());
        encoder.start();
        return encoder;
    }

    private void capture(ByteArrayOutputStream out, Encoder<ILoggingEvent> encoder) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(root().getLoggerContext());
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        root().addAppender(appender);
        appenders.add(appender);
    }
}

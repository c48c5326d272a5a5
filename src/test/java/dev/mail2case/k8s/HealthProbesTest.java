package dev.mail2case.k8s;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Probes tell the truth: a database outage makes a replica unready and never restarts it. */
class HealthProbesTest extends PipelineTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path pgData;
    private EmbeddedPostgres postgres;

    @AfterEach
    void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    private EmbeddedPostgres startPostgres(int port) throws Exception {
        return EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false).setPort(port).start();
    }

    private int status(String path) throws Exception {
        String port = path.startsWith("/api") ? settings.getProperty("camel.server.port")
                : settings.getProperty("camel.management.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void databaseOutageMakesTheReplicaUnreadyButKeepsItAlive() throws Exception {
        int port = TestApp.freePort();
        postgres = startPostgres(port);
        settings = TestApp.settings("jdbc:postgresql://127.0.0.1:" + port + "/postgres", mail);
        app = Mail2CaseApp.start(settings);

        await().atMost(Duration.ofSeconds(30)).until(() -> status("/observe/health/ready") == 200);
        assertEquals(200, status("/observe/health/live"));
        assertEquals(200, status("/api/health"));

        postgres.close();
        postgres = null;
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/observe/health/ready") == 503);
        assertEquals(503, status("/api/health"), "the old address tells the same readiness");
        assertEquals(200, status("/observe/health/live"), "no restart while PostgreSQL is down");

        postgres = startPostgres(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/observe/health/ready") == 200);
        assertEquals(200, status("/observe/health/live"));

        // Mail waited and is taken once the database is back.
        mail.send("someone@example.org", TestApp.SUPPORT, "after the outage", "still here");
        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.casesWithSubject(app, "after the outage") == 1);
    }
}

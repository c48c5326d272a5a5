package dev.mail2case.graph;

import dev.mail2case.auth.GenericTokenSource;
import dev.mail2case.auth.TokenCache;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Graph client's calls against the Graph contract test server. */
class GraphClientTest {
    private static final String BOX = "helpdesk@contoso.example";
    private GraphContractServer server;
    private GraphClient graph;

    @BeforeEach
    void start() throws Exception {
        server = new GraphContractServer("app", "secret");
        graph = new GraphClient(server.graphUrl(), new TokenCache(new GenericTokenSource(
                URI.create(server.tokenUrl("contoso")), "app", "secret", "https://graph.microsoft.com/.default", null,
                Clock.systemUTC()), Clock.systemUTC()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deltaPagesThroughEveryMessageAndThenReportsOnlyChanges() {
        Set<String> delivered = new HashSet<>();
        for (int i = 0; i < 120; i++) {
            delivered.add(server.deliver(BOX, ("Subject: " + i + "\r\n\r\nx").getBytes(StandardCharsets.US_ASCII)));
        }
        Set<String> seen = new HashSet<>();
        String link = graph.initialDelta(BOX, "inbox");
        int pages = 0;
        GraphClient.DeltaPage page;
        do {
            page = graph.delta(link);
            page.changes().forEach(c -> seen.add(c.id()));
            link = page.next() != null ? page.next() : page.delta();
            pages++;
        } while (page.next() != null);
        assertEquals(delivered, seen);
        assertEquals(3, pages, "50 a page");

        String id = delivered.iterator().next();
        graph.markRead(BOX, id);
        List<GraphClient.Change> changes = graph.delta(link).changes();
        assertEquals(List.of(new GraphClient.Change(id, true, false)), changes, "only the message marked read");
    }

    @Test
    void mimeComesBackByteForByteAndAMessageGoneMeanwhileIsNull() {
        byte[] mime = "Subject: caf\u00e9\r\n\r\nbody\r\n".getBytes(StandardCharsets.UTF_8);
        String id = server.deliver(BOX, mime);
        assertArrayEquals(mime, graph.mime(BOX, id));
        graph.delete(BOX, id);
        assertNull(graph.mime(BOX, id));
    }

    @Test
    void sendMailPostsTheWholeMimeMessage() {
        byte[] mime = "From: helpdesk@contoso.example\r\nTo: anna@northwind.example\r\nSubject: [#1001] Re\r\n\r\nHi\r\n"
                .getBytes(StandardCharsets.UTF_8);
        graph.sendMail(BOX, mime);
        assertArrayEquals(mime, server.sentMail().get(0));
    }

    @Test
    void throttlingCarriesRetryAfterAndAnUnknownFolderIsNamed() {
        server.throttle(1, 7);
        GraphThrottledException e = assertThrows(GraphThrottledException.class,
                () -> graph.delta(graph.initialDelta(BOX, "inbox")));
        assertEquals(Duration.ofSeconds(7), e.retryAfter());
        assertTrue(e.getMessage().contains("TooManyRequests"), e.getMessage());
        GraphException missing = assertThrows(GraphException.class, () -> graph.folderId(BOX, "Nowhere"));
        assertTrue(missing.getMessage().contains("no folder 'Nowhere'"), missing.getMessage());
        assertEquals(server.addFolder("Done"), graph.folderId(BOX, "Done"));
        assertTrue(graph.folderId(BOX, "archive").startsWith("AAMk"), "well-known names resolve too");
    }
}

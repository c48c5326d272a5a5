package dev.mail2case.notify;

import dev.mail2case.config.Database;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Outbox rows against the real schema: one row per event key, whatever writes it again. */
class OutboxRepositoryTest {
    private final Database database = new Database(TestPostgres.newDatabase(), "postgres", "", 2);
    private final OutboxRepository outbox = new OutboxRepository();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theSameEventWrittenTwiceKeepsTheFirstRowOnly() throws Exception {
        Optional<Long> first = database.inTransaction(em -> outbox.insertIfNew(em, row("acknowledgement:1:anna", "First")));
        Optional<Long> again = database.inTransaction(em -> outbox.insertIfNew(em, row("acknowledgement:1:anna", "Again")));
        assertTrue(first.isPresent());
        assertTrue(again.isEmpty(), "a repeat of the event writes nothing");
        OutboxMail existing = database.inTransaction(em -> outbox.byEventKey(em, "acknowledgement:1:anna"));
        assertEquals(first.get(), existing.id());
        assertEquals("PENDING", existing.status());
        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), min(subject) FROM outbox")) {
            rs.next();
            assertEquals(1, rs.getLong(1));
            assertEquals("First", rs.getString(2));
        }
    }

    @Test
    void aFailedRenderingIsOnRecordAsAnAttempt() throws Exception {
        long id = database.inTransaction(em -> outbox.insertIfNew(em, row("case-closed:7", "x")).orElseThrow());
        database.inTransaction(em -> {
            outbox.failedAttempt(em, id, "template for case-closed could not be rendered");
            outbox.attach(em, id, List.of());
            return null;
        });
        try (Connection c = database.dataSource().getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT outcome, error FROM delivery_attempts WHERE outbox_id = " + id)) {
            assertTrue(rs.next());
            assertEquals("FAILED", rs.getString(1));
            assertEquals("template for case-closed could not be rendered", rs.getString(2));
        }
    }

    private static OutboxMail row(String key, String subject) {
        OutboxMail m = new OutboxMail();
        m.eventKey = key;
        m.event = key.substring(0, key.indexOf(':'));
        m.recipient = "anna@northwind.example";
        m.sender = "support@mail2case.test";
        m.subject = subject;
        m.bodyText = "body";
        m.messageId = "<" + key.replace(':', '.') + "@mail2case.test>";
        m.autoSubmitted = "auto-replied";
        m.status = "PENDING";
        m.nextAttemptAt = OffsetDateTime.now();
        m.createdAt = OffsetDateTime.now();
        return m;
    }
}

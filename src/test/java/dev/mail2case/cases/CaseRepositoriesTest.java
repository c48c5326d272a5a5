package dev.mail2case.cases;

import dev.mail2case.config.Database;
import dev.mail2case.intake.MailClaim;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAttachment;
import dev.mail2case.mail.MailReader;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The case and intake repositories against the real schema. */
class CaseRepositoriesTest {
    private static final byte[] RAW = ("From: anna@northwind.example\r\nTo: support@mail2case.test\r\n"
            + "Subject: Printer\r\nMessage-ID: <repo-1@northwind.example>\r\n\r\nIt smokes.\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final Database database = new Database(TestPostgres.newDatabase(), "postgres", "", 2);
    private final CaseRepository cases = new CaseRepository();
    private final InboundMailRepository inbound = new InboundMailRepository();
    private final InboundMail mail = new MailReader().read(RAW);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void theRawMailIsStoredByteForByteWithItsOutcome() throws Exception {
        long id = database.inTransaction(em -> inbound.insert(em, new InboundMailRepository.NewInbound("support",
                "<repo-1@northwind.example>", RAW, mail, OffsetDateTime.now(), "IGNORED", "unknown sender")));
        Object[] row = row("SELECT raw, outcome, outcome_detail, message_id, subject FROM inbound_mail WHERE id = ?", id);
        assertArrayEquals(RAW, (byte[]) row[0]);
        assertEquals("IGNORED", row[1]);
        assertEquals("unknown sender", row[2]);
        assertEquals(mail.messageId(), row[3], "the Message-ID as the mail reader gives it");
        assertEquals("Printer", row[4]);
    }

    @Test
    void aMailClaimedOnceCannotBeClaimedAgain() {
        database.inTransaction(em -> {
            inbound.claim(em, "support", "<k@x>");
            return null;
        });
        assertThrows(MailClaim.Lost.class, () -> database.inTransaction(em -> {
            inbound.claim(em, "support", "<k@x>");
            return null;
        }));
    }

    @Test
    void newCasesGetRisingNumbersAndTheirMessageCarriesItsCommentAndAttachmentsInOrder() throws Exception {
        byte[] pdf = "%PDF-1.4 first".getBytes(StandardCharsets.US_ASCII);
        byte[] png = new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 1, 2};
        long[] out = database.inTransaction(em -> {
            CaseRepository.Opened a = cases.insertCase(em, newCase("First"));
            CaseRepository.Opened b = cases.insertCase(em, newCase("Second"));
            long message = cases.insertMessage(em, new CaseRepository.NewMessage(b.id(), null, "<m@x>",
                    "anna@northwind.example", "Second", "full text", null, false, null, "comment text",
                    OffsetDateTime.now()));
            List<Long> ids = cases.insertAttachments(em, b.id(), message, List.of(
                    new MailAttachment("a.pdf", "a.pdf", "application/pdf", null, false, pdf),
                    new MailAttachment("b.png", "b.png", "image/png", null, false, png)));
            return new long[]{a.number(), b.number(), b.id(), message, ids.get(0), ids.get(1)};
        });
        assertEquals(out[0] + 1, out[1], "numbers come from the sequence");
        Object[] comment = row("SELECT body, case_message_id, author FROM case_comments WHERE case_id = ?", out[2]);
        assertEquals("comment text", comment[0]);
        assertEquals(out[3], ((Number) comment[1]).longValue());
        assertEquals("anna@northwind.example", comment[2]);
        assertArrayEquals(pdf, (byte[]) row("SELECT content FROM attachments WHERE id = ?", out[4])[0]);
        assertArrayEquals(png, (byte[]) row("SELECT content FROM attachments WHERE id = ?", out[5])[0]);
        assertEquals("b.png", row("SELECT filename FROM attachments WHERE id = ?", out[5])[0]);
    }

    @Test
    void aReplyThatReopensClearsTheClosingAndOneThatDoesNotLeavesTheStatus() throws Exception {
        long id = database.inTransaction(em -> cases.insertCase(em, newCase("Printer")).id());
        execute("UPDATE cases SET status = 'CLOSED', closed_at = now(), follow_up_due_at = now() WHERE id = " + id);
        CaseRepository.Head kept = database.inTransaction(em -> cases.joined(em, id, false, OffsetDateTime.now()));
        assertEquals("CLOSED", kept.status());
        CaseRepository.Head reopened = database.inTransaction(em -> cases.joined(em, id, true, OffsetDateTime.now()));
        assertEquals("OPEN", reopened.status());
        Object[] row = row("SELECT closed_at, follow_up_due_at FROM cases WHERE id = ?", id);
        assertNull(row[0]);
        assertNull(row[1]);
    }

    @Test
    void eventsAreRecordedAndAStatusChangeToTheSameStatusIsRefused() {
        long number = database.inTransaction(em -> cases.insertCase(em, newCase("Printer")).number());
        database.inTransaction(em -> {
            long id = cases.lock(em, number);
            cases.recordEvent(em, id, "request-accepted", null, "api:alice", OffsetDateTime.now());
            assertTrue(cases.hasEvent(em, id, "request-accepted"));
            return null;
        });
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> database.inTransaction(em -> cases.lockForStatus(em, number, "OPEN")));
        assertTrue(e.getMessage().contains("already OPEN"), e.getMessage());
        assertThrows(java.util.NoSuchElementException.class, () -> database.inTransaction(em -> cases.lock(em, 999_999)));
    }

    private static CaseRepository.NewCase newCase(String subject) {
        return new CaseRepository.NewCase("support", subject, "anna@northwind.example", "Anna", false, null, null, null,
                null, null, null, "Unassigned", null, null, null, OffsetDateTime.now());
    }

    private Object[] row(String sql, Object arg) throws SQLException {
        try (Connection c = database.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), sql);
                Object[] out = new Object[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = rs.getObject(i + 1);
                }
                return out;
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute(sql);
        }
    }
}

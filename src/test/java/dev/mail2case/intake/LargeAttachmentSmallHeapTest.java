package dev.mail2case.intake;

import dev.mail2case.support.ChildApp;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A mail with a 50 MB attachment, taken by mail2case running in a JVM of its own with a 256 MB heap (the
 * real routes, over IMAP, into PostgreSQL): the case opens with the attachment stored whole, and the
 * process is still running afterwards (it would exit on running out of memory).
 */
class LargeAttachmentSmallHeapTest {
    private static final int ATTACHMENT = 50 * 1024 * 1024;
    private final TestMailServer mail = new TestMailServer();
    private Process child;

    @AfterEach
    void stop() {
        if (child != null) {
            child.destroyForcibly();
        }
        mail.close();
    }

    @Test
    void aFiftyMegabyteAttachmentOpensItsCaseWholeInA256MegabyteHeap() throws Exception {
        byte[] attachment = new byte[ATTACHMENT];
        new Random(50).nextBytes(attachment);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(attachment));
        String db = TestPostgres.newDatabase();
        Properties settings = TestApp.settings(db, mail);
        settings.setProperty("mail2case.accounts", "support");
        settings.setProperty("mail2case.account.support.max-message-mb", "100");
        settings.setProperty("mail2case.account.support.max-part-mb", "80");
        mail.sendRaw(mailWith(attachment), "anna@northwind.example", TestApp.SUPPORT);
        attachment = null;

        Path log = Path.of("target", "large-attachment-child-" + System.nanoTime() + ".log");
        Path gc = Path.of("target", "large-attachment-child-gc-" + System.nanoTime() + ".log");
        child = ChildApp.start(settings, log,
                "-Xmx256m", "-XX:+ExitOnOutOfMemoryError", "-Xlog:gc:file=" + gc.toAbsolutePath());

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                !child.isAlive() || count(db, "SELECT count(*) FROM attachments") > 0);
        assertTrue(child.isAlive(), "mail2case ran out of memory or stopped: " + tail(log));
        Object[] stored = row(db, "SELECT a.filename, octet_length(a.content), encode(sha256(a.content), 'hex'), c.subject "
                + "FROM attachments a JOIN cases c ON c.id = a.case_id");
        assertEquals("scan.pdf", stored[0]);
        assertEquals((long) ATTACHMENT, ((Number) stored[1]).longValue());
        assertEquals(sha256, stored[2], "the attachment is stored whole, byte for byte");
        assertEquals("The whole scan", stored[3]);
        await().atMost(Duration.ofSeconds(30)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertTrue(child.isAlive(), "mail2case still runs after the mail: " + tail(log));
        assertFalse(Files.readString(log, StandardCharsets.ISO_8859_1).contains("OutOfMemoryError"));
        System.out.printf("50 MB attachment at -Xmx256m: stored whole; the child's heap before a collection peaked at %d MB%n",
                peakHeapMb(gc));
    }

    /** A mail as a client sends it: a line of text and the attachment in base64, 76 characters a line. */
    private static byte[] mailWith(byte[] attachment) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(attachment.length * 14 / 10);
        out.write(("From: Anna Berg <anna@northwind.example>\r\nTo: " + TestApp.SUPPORT + "\r\n"
                + "Subject: The whole scan\r\nMessage-ID: <whole-scan@northwind.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "The scan of the contract is attached.\r\n--b1\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"scan.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encode(attachment));
        out.write("\r\n--b1--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The largest heap in use before any collection the child's GC log reports ("123M->45M(256M)"). */
    private static long peakHeapMb(Path gcLog) throws Exception {
        long peak = 0;
        Matcher m = Pattern.compile("(\\d+)M->\\d+M\\(\\d+M\\)").matcher(Files.readString(gcLog, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            peak = Math.max(peak, Long.parseLong(m.group(1)));
        }
        return peak;
    }

    private static String tail(Path log) throws Exception {
        String s = Files.readString(log, StandardCharsets.ISO_8859_1);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    private static long count(String jdbcUrl, String sql) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return -1; // the schema may not exist yet
        }
    }

    private static Object[] row(String jdbcUrl, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertTrue(rs.next(), "no row for " + sql);
            Object[] r = new Object[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < r.length; i++) {
                r[i] = rs.getObject(i + 1);
            }
            return r;
        }
    }
}

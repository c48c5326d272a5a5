package dev.mail2case.mail;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Screening reads the parts the reader collected while parsing: they must be those of the raw mail. */
class ReportPartsTest {

    private static final String DSN = "From: MAILER-DAEMON@mx.example.net\r\nTo: support@example.com\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <dsn-1@mx.example.net>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"R\"\r\n\r\n"
            + "--R\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + java.util.Base64.getMimeEncoder().encodeToString(
                    "I'm sorry to have to inform you that your message could not be delivered.\r\n".getBytes(StandardCharsets.UTF_8))
            + "\r\n--R\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.net\r\n\r\n"
            + "Final-Recipient: rfc822; gone@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n"
            + "--R\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <case-7@example.com>\r\nSubject: Case 7\r\n\r\n"
            + "--R--\r\n";

    @Test
    void theHeaderBlockEndsAtTheFirstEmptyLineWhateverEndsTheLines() {
        for (String eol : List.of("\r\n", "\n", "\r")) {
            String mail = "From: a@b.example" + eol + "Subject: hi" + eol + eol + "body" + eol + eol + "more";
            assertEquals("From: a@b.example\nSubject: hi\n",
                    ReportParts.headerBlock(mail.getBytes(StandardCharsets.ISO_8859_1)),
                    "lines ended by " + eol.replace("\r", "CR").replace("\n", "LF"));
        }
        assertEquals("Subject: mixed\n", ReportParts.headerBlock("Subject: mixed\r\r\nbody".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("Subject: only headers\n", ReportParts.headerBlock("Subject: only headers\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("\n", ReportParts.headerBlock("\r\n\r\nno headers".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void the8BitHeaderGuessIsTheFirstCharsetAPartDeclaresBeyondAsciiAndUtf8() {
        String mail = "Subject: \u00e9t\u00e9\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: text/plain; CHARSET=\"utf-8\"\r\n\r\nx\r\n--b\r\n"
                + "Content-Type: text/plain; Charset = 'iso-8859-2'\r\n\r\ny\r\n--b--\r\n";
        assertEquals("ISO-8859-2", RawMail.charsetHint(mail.getBytes(StandardCharsets.ISO_8859_1), 0).name());
        assertNull(RawMail.charsetHint("Subject: plain\r\n\r\nno charset is named here".getBytes(
                StandardCharsets.ISO_8859_1), 0));
    }

    @Test
    void aReportReadOnceGivesTheSamePartsAsParsingItsRawBytesAgain() {
        byte[] raw = DSN.getBytes(StandardCharsets.US_ASCII);
        ReportParts fromReader = new MailReader(new MailReader.Limits(1_000_000, 500_000)).read(raw).report();
        assertNotNull(fromReader);
        assertEquals(ReportParts.of(raw), fromReader);
        assertEquals("delivery-status", fromReader.reportType());
        assertTrue(fromReader.deliveryStatus().contains("Status: 5.1.1"));
        assertTrue(fromReader.text().contains("could not be delivered"), "the base64 text part, decoded");
        assertTrue(fromReader.returnedHeaders().contains("<case-7@example.com>"));
    }

    @Test
    void aMailRepairedBeforeReadingLeavesScreeningToParseTheRawBytes() {
        byte[] bareCr = DSN.replace("\r\n", "\r").getBytes(StandardCharsets.US_ASCII);
        assertNull(new MailReader().read(bareCr).report());
    }

    @Test
    void everyCorpusMailReadOnceGivesTheSameReportPartsAsParsingItsRawBytesAgain() throws Exception {
        Path corpus = Path.of(System.getProperty("mail2case.home", "."), "..", "shared", "corpus").normalize();
        MailReader reader = new MailReader(new MailReader.Limits(20_000_000, 10_000_000));
        List<String> differing = new ArrayList<>();
        int compared = 0;
        for (byte[] raw : InspectBenchmark.mails(corpus)) {
            ReportParts fromReader;
            try {
                fromReader = reader.read(raw).report();
            } catch (MailReadException e) {
                continue;
            }
            if (fromReader == null) continue;
            compared++;
            if (!fromReader.equals(ReportParts.of(raw))) differing.add(fromReader.headerBlock().lines().limit(3).toList().toString());
        }
        assertTrue(compared > 500, "the corpus was read: " + compared);
        assertEquals(List.of(), differing, "report parts differ");
    }
}

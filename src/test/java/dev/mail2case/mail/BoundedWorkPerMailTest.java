package dev.mail2case.mail;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A mail built to exhaust the reader becomes a case with a placeholder and its defect listed. */
class BoundedWorkPerMailTest extends PipelineTest {

    static String manyParts(int n) {
        StringBuilder raw = new StringBuilder("From: anna@client-one.test\r\nTo: " + TestApp.SUPPORT
                + "\r\nSubject: Many parts\r\nMessage-ID: <many-parts@client-one.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n");
        for (int i = 0; i < n; i++) {
            raw.append("--B\r\nContent-Type: text/plain; name=\"part").append(i).append(".txt\"\r\n")
                    .append("Content-Disposition: attachment; filename=\"part").append(i).append(".txt\"\r\n\r\npart ")
                    .append(i).append("\r\n");
        }
        return raw.append("--B--\r\n").toString();
    }

    static String nestedHtml(int depth) {
        return "From: anna@client-one.test\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: Deep HTML\r\n"
                + "Message-ID: <deep-html@client-one.test>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>" + "<div>".repeat(depth)
                + "the boiler leaks" + "</div>".repeat(depth) + "</body></html>\r\n";
    }

    @Test
    void aMailOfFiveThousandPartsKeepsTheFirstPartsAndSaysTheRestAreInTheRawMail() {
        InboundMail mail = new MailReader().read(manyParts(5000).getBytes(StandardCharsets.US_ASCII));
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("more than " + MailReader.MAX_PARTS + " parts")),
                mail.defects().toString());
        assertTrue(mail.attachments().size() <= MailReader.MAX_PARTS + 1);
        assertTrue(mail.attachments().stream().anyMatch(a -> a.filename().equals("parts left out.txt")));
        assertEquals("See attached.", mail.text().trim());
    }

    @Test
    void htmlNestedThousandsOfLevelsIsNotRenderedButItsWordsAreKept() {
        InboundMail mail = new MailReader().read(nestedHtml(100_000).getBytes(StandardCharsets.US_ASCII));
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("nested more than")), mail.defects().toString());
        assertTrue(mail.text().contains("the boiler leaks"), mail.text());
        assertEquals(null, mail.html());
        assertTrue(mail.attachments().stream().anyMatch(a -> a.filename().equals("message.html")));
    }

    @Test
    void ordinaryHtmlIsNotTakenForDeeplyNested() {
        assertEquals(3, MailReader.htmlDepth("<html><body><p>one<p>two<br><img src=x><table><tr><td>x</table></body></html>"));
    }

    @Test
    void pathologicalMailOpensACaseWithTheDefectListed() throws Exception {
        settings = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(settings);
        long start = System.nanoTime();
        mail.sendRaw(manyParts(5000).getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", TestApp.SUPPORT);
        await().atMost(Duration.ofMinutes(2)).until(() -> Recorded.casesOpened(app) == 1);
        System.out.println("5,000 parts: case opened " + (System.nanoTime() - start) / 1_000_000 + " ms after sending");
        start = System.nanoTime();
        mail.sendRaw(nestedHtml(5_000).getBytes(StandardCharsets.US_ASCII), "anna@client-one.test", TestApp.SUPPORT);
        await().atMost(Duration.ofMinutes(2)).until(() -> Recorded.casesOpened(app) == 2);
        System.out.println("HTML nested 5,000 deep: case opened " + (System.nanoTime() - start) / 1_000_000 + " ms after sending");
        for (Recorded.MailTakenIn m : Recorded.mailsTakenInOrder(app)) {
            assertTrue(m.defects().contains("parts were left out") || m.defects().contains("nested more than"),
                    m.defects());
        }
        assertEquals(1, Recorded.attachmentsNamed(app, "parts left out.txt"));
        assertEquals(0, Recorded.quarantined(app));
    }
}

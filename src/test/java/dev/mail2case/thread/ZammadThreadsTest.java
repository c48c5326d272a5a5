package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Zammad's real ticket threads, their [Ticket#N] tokens rewritten to ours, join case N. */
class ZammadThreadsTest extends PipelineTest {
    private static final Pattern TICKET = Pattern.compile("\\[Ticket#(\\d+)]");

    @Test
    void zammadRepliesRewrittenToOurTokenJoinTheirCases() throws Exception {
        Path zammad = Path.of(System.getProperty("mail2case.home", "."), "../shared/corpus/zammad");
        assertTrue(Files.isDirectory(zammad), "the corpus is in ../shared/corpus");
        List<byte[]> replies = new ArrayList<>();
        TreeSet<Long> tickets = new TreeSet<>();
        java.util.Set<String> messageIds = new java.util.HashSet<>();
        try (Stream<Path> files = Files.list(zammad)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".box")).sorted().toList()) {
                byte[] raw = Files.readAllBytes(f);
                InboundMail read = new MailReader().read(raw);
                Matcher m = TICKET.matcher(read.subject());
                // Some threads are stored in several variants with one Message-ID: each counts once.
                if (m.find() && read.from() != null && messageIds.add(String.valueOf(read.messageId()))) {
                    tickets.add(Long.parseLong(m.group(1)));
                    replies.add(ourToken(raw));
                }
            }
        }
        assertTrue(replies.size() >= 5, "Zammad threads found: " + replies.size());
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
        for (long n : tickets) {
            TestApp.execute(app, "INSERT INTO cases (number, account, subject, status, queue, created_at, updated_at)"
                    + " VALUES (" + n + ", 'support', 'Zammad ticket " + n + "', 'OPEN', 'Unassigned', now(), now())");
        }
        for (byte[] raw : replies) {
            mail.sendRaw(raw, "someone@zammad.example", TestApp.SUPPORT);
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                Recorded.mailsTakenIn(app) == replies.size());
        assertEquals(List.of(), Recorded.mailsTakenInOtherThan(app, "REPLY_ADDED").stream()
                .map(m -> m.subject() + " -> " + m.outcome()).toList());
        assertEquals(tickets.size(), Recorded.casesOpened(app), "no new case was opened");
    }

    /** Rewrites the token in the header block only, as if the thread had been ours. */
    private static byte[] ourToken(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\n\n");
        int endCrLf = text.indexOf("\r\n\r\n");
        int headerEnd = end < 0 ? endCrLf : endCrLf < 0 ? end : Math.min(end, endCrLf);
        if (headerEnd < 0) {
            headerEnd = text.length();
        }
        String head = text.substring(0, headerEnd).replace("[Ticket#", "[#");
        return (head + text.substring(headerEnd)).getBytes(StandardCharsets.ISO_8859_1);
    }
}

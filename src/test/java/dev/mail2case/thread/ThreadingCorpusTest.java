package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReadException;
import dev.mail2case.mail.MailReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Threading rules over real mail written by other systems. */
class ThreadingCorpusTest {

    private static final Pattern ZAMMAD_TOKEN = Pattern.compile("\\[Ticket#(\\d+)]");

    private static final Path CORPUS = Path.of(System.getProperty("mail2case.home", "."), "..", "shared", "corpus");

    private final CaseNumberFormat format = new CaseNumberFormat();
    private final QuoteStripper stripper = new QuoteStripper();

    private static List<Path> files(String folder, String suffix) throws IOException {
        Path dir = CORPUS.resolve(folder);
        Assumptions.assumeTrue(Files.isDirectory(dir), "corpus not found at " + dir);
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> suffix == null || p.toString().endsWith(suffix))
                    .sorted().toList();
        }
    }

    private static InboundMail read(Path p) throws IOException {
        try {
            return new MailReader().read(Files.readAllBytes(p));
        } catch (MailReadException e) {
            return null; // unreadable mail is the reader's concern, not threading's
        }
    }

    @Test
    void zammadTicketTokenRewrittenToOursIsFoundAndForeignTokenIsNot() throws IOException {
        int checked = 0;
        for (Path p : files("zammad", ".box")) {
            InboundMail mail = read(p);
            if (mail == null) {
                continue;
            }
            Matcher m = ZAMMAD_TOKEN.matcher(mail.subject());
            if (!m.find()) {
                continue;
            }
            long number = Long.parseLong(m.group(1));
            String ours = ZAMMAD_TOKEN.matcher(mail.subject()).replaceAll("[#$1]");
            assertEquals(OptionalLong.of(number), format.find(ours), p + ": " + ours);
            assertEquals(OptionalLong.empty(), format.find(mail.subject()), p + ": " + mail.subject());
            checked++;
        }
        assertTrue(checked >= 3, "zammad mails with [Ticket#…] checked: " + checked);
    }

    @Test
    void quoteStripperNeverThrowsNorEmptiesABodyOnAnyCorpusMail() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Path p : files("", null)) {
            String name = p.getFileName().toString();
            if (name.endsWith(".yml") || name.endsWith(".tsv") || name.endsWith(".md") || name.endsWith(".list")
                    || name.endsWith(".tnef") || Files.size(p) > 4_000_000) {
                continue;
            }
            InboundMail mail;
            try {
                mail = read(p);
            } catch (RuntimeException e) {
                continue; // the reader's own failures are tested with the reader
            }
            if (mail == null) {
                continue;
            }
            checked++;
            try {
                QuoteStripper.Stripped s = stripper.strip(mail);
                if (!mail.text().isBlank() && s.text().isBlank()) {
                    failures.add(p + ": emptied");
                }
                String t = stripper.stripText(mail.text());
                if (!mail.text().isBlank() && t.isBlank()) {
                    failures.add(p + ": text emptied");
                }
            } catch (RuntimeException e) {
                failures.add(p + ": " + e);
            }
        }
        assertTrue(checked > 100, "corpus mails checked: " + checked);
        assertFalse(failures.size() > 0, String.join("\n", failures));
    }
}

package dev.mail2case.identify;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every readable mail of the shared corpus resolves without an exception. */
class CorpusResolveTest {

    private static final Path CORPUS = Path.of("..", "shared", "corpus");

    @Test
    void noCorpusMailBreaksTheResolver() throws IOException {
        assumeTrue(Files.isDirectory(CORPUS), "corpus not present");
        List<Path> files;
        try (Stream<Path> s = Files.walk(CORPUS)) {
            files = s.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        OriginalParties resolver = new OriginalParties();
        ForwardingContext ctx = ForwardingContext.of(List.of("support@example.com"), List.of("forwarder@example.com"));
        MailReader reader = new MailReader();
        List<String> failures = new ArrayList<>();
        int resolved = 0;
        for (Path file : files) {
            InboundMail mail;
            try {
                mail = reader.read(Files.readAllBytes(file));
            } catch (RuntimeException e) {
                continue; // reading is the reader's concern
            }
            try {
                assertNotNull(resolver.resolve(mail, ctx).how());
                resolved++;
            } catch (RuntimeException e) {
                failures.add(file + ": " + e);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(resolved > 0 || files.isEmpty());
    }
}

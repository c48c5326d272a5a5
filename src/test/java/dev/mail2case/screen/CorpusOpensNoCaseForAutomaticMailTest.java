package dev.mail2case.screen;

import dev.mail2case.mail.MailReader;
import dev.mail2case.pipeline.Pipeline;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bounce, delivery report, auto-reply, feedback report and read receipt of the corpus. */
class CorpusOpensNoCaseForAutomaticMailTest {

    @Test
    void noAutomaticMailInTheCorpusOpensACaseOrIsAnswered() throws Exception {
        Path corpus = Path.of(System.getProperty("mail2case.home", "."), "../shared/corpus");
        assertTrue(Files.isDirectory(corpus), "the corpus is in ../shared/corpus");
        MailClassifier classifier = new MailClassifier();
        MailReader reader = new MailReader();
        List<byte[]> automatic = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> p.toString().matches(".*\\.(eml|box|msg)$"))
                    .sorted().toList()) {
                byte[] raw = Files.readAllBytes(f);
                try {
                    if (classifier.classify(reader.read(raw), raw).kind() != Kind.MESSAGE) {
                        automatic.add(raw);
                    }
                } catch (RuntimeException notAMail) {
                    // the reader's own tests cover mail it cannot read
                }
            }
        }
        assertTrue(automatic.size() > 400, "automatic mail in the corpus: " + automatic.size());
        try (TestMailServer mail = new TestMailServer();
             Mail2CaseApp app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail))) {
            ProducerTemplate producer = app.context().createProducerTemplate();
            for (byte[] raw : automatic) {
                Exchange ex = new DefaultExchange(app.context());
                ex.setProperty(Pipeline.ACCOUNT, "support");
                ex.getIn().setBody(raw);
                producer.send("direct:intake", ex);
            }
            assertEquals(0, Recorded.casesOpened(app));
            assertEquals(0, Recorded.outboxMailsNotWithStatus(app, "NOT_SENT", "BLOCKED"));
            assertEquals(0, Recorded.mailsTakenIn(app, "CASE_OPENED", "REPLY_ADDED"));
        }
    }
}

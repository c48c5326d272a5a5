package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.InspectBenchmark;
import dev.mail2case.mail.MailReadException;
import dev.mail2case.mail.MailReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Screening speed over a directory of mails: {@code ScreenBenchmark CORPUS_DIR [ROUNDS]}. Reads every
 * mail once, then classifies it ROUNDS times (after one warm-up round) and prints messages/s and the
 * slowest single mail, so a regular expression gone quadratic shows up as a figure.
 */
public final class ScreenBenchmark {

    private ScreenBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/corpus");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<byte[]> raws = InspectBenchmark.mails(dir);
        List<InboundMail> read = new ArrayList<>();
        MailReader reader = new MailReader();
        for (byte[] raw : raws) {
            try {
                read.add(reader.read(raw));
            } catch (MailReadException e) {
                read.add(null);
            }
        }
        MailClassifier classifier = new MailClassifier();
        for (int i = 0; i < raws.size(); i++) classifier.classify(read.get(i), raws.get(i)); // warm-up
        long slowest = 0;
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < raws.size(); i++) {
                long t = System.nanoTime();
                classifier.classify(read.get(i), raws.get(i));
                slowest = Math.max(slowest, System.nanoTime() - t);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long n = (long) raws.size() * rounds;
        System.out.printf(Locale.ROOT, "screening: %d mails x %d rounds in %.2f s: %.0f messages/s, slowest mail %.1f ms%n",
                raws.size(), rounds, secs, n / secs, slowest / 1e6);
    }
}

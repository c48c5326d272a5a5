package dev.mail2case.mail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reading speed over a directory of mails: {@code InspectBenchmark CORPUS_DIR [ROUNDS]}. Reads every
 * mail ROUNDS times (after one warm-up round) and prints messages/s, MB/s and peak heap.
 */
public final class InspectBenchmark {

    private static final Set<String> NOT_MAILS = Set.of("yml", "list", "tsv", "md", "tnef");

    private InspectBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/corpus");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<byte[]> mails = mails(dir);
        long bytes = mails.stream().mapToLong(b -> b.length).sum();
        System.out.printf(Locale.ROOT, "Reading %d mails (%.1f MB) from %s: one warm-up round, then %d timed rounds…%n",
                mails.size(), bytes / 1048576.0, dir, rounds);
        MailReader reader = new MailReader();
        int failures = 0;
        long slowest = 0;
        int slowestIndex = -1;
        for (int i = 0; i < mails.size(); i++) { // warm-up, and the slowest single mail
            long t = System.nanoTime();
            failures += readOne(reader, mails.get(i));
            t = System.nanoTime() - t;
            if (t > slowest) {
                slowest = t;
                slowestIndex = i;
            }
        }
        if (slowestIndex >= 0) {
            System.out.printf(Locale.ROOT, "Slowest mail to read (warm-up round): %.0f ms, mail %d of %d (%.1f MB)%n",
                    slowest / 1e6, slowestIndex + 1, mails.size(), mails.get(slowestIndex).length / 1048576.0);
        }
        System.gc();
        LargeMailMeasurement.resetPeaks();
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            for (byte[] m : mails) readOne(reader, m);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        long n = (long) mails.size() * rounds;
        System.out.printf(Locale.ROOT, "%d mails (%.1f MB) x %d rounds in %.2f s: %.0f messages/s, %.1f MB/s, "
                        + "peak heap %.0f MB (max %.0f MB), unreadable %d%n",
                mails.size(), bytes / 1048576.0, rounds, secs, n / secs, bytes * (double) rounds / 1048576.0 / secs,
                LargeMailMeasurement.peakUsed() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, failures);
    }

    /** Every mail file under {@code dir}, in a stable order; the corpus's lists and tables are left out. */
    public static List<byte[]> mails(Path dir) throws java.io.IOException {
        List<byte[]> mails = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                String ext = n.contains(".") ? n.substring(n.lastIndexOf('.') + 1) : "";
                if (!NOT_MAILS.contains(ext)) mails.add(Files.readAllBytes(p));
            }
        }
        return mails;
    }

    private static int readOne(MailReader reader, byte[] mail) {
        try {
            InspectJson.object("", reader.read(mail));
            return 0;
        } catch (MailReadException e) {
            return 1;
        }
    }
}

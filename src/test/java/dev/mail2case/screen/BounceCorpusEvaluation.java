package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Runs the labelled bounces of the corpus through the classifier twice: once with every rule, once
 * with each report family ({@code lhost-postfix}, {@code rhost-franceptt} ...) held out from the
 * rules written for it. A rule counts as written for a family when it says so in its id, or when in
 * the full run it decided reports of that family and of no other: it would not exist had that family
 * never been seen. The held-out figure is what to expect from reports of a kind the rules were not
 * tuned on. Run {@code main} with the corpus folder to print the figures.
 */
final class BounceCorpusEvaluation {

    static final Set<String> NOT_BOUNCES = Set.of("delivered", "feedback", "vacation", "not-a-bounce");

    /** One labelled file: path below the corpus, sisimai's reason, the report family it comes from. */
    record Row(String path, String reason, String family) {
        boolean heldOutFamily() {
            return family.startsWith("lhost-") || family.startsWith("rhost-");
        }
    }

    /** What one run found. */
    record Figures(int total, int bounces, int delays, int reasons, int withRecipients, int withMessageId,
                   int nonBounces, int nonBouncesCalledBounce, Map<String, Integer> confusions, List<String> misses) {
        double reasonRate() {
            return (double) reasons / total;
        }

        double bounceRate() {
            return (double) bounces / total;
        }

        double bounceOrDelayRate() {
            return (double) (bounces + delays) / total;
        }

        String line() {
            return String.format(Locale.ROOT, "reason %d/%d = %.3f, bounce %d/%d = %.3f, bounce or delay %d/%d = %.3f,"
                            + " non-bounces called bounce %d of %d", reasons, total, reasonRate(), bounces, total, bounceRate(),
                    bounces + delays, total, bounceOrDelayRate(), nonBouncesCalledBounce, nonBounces);
        }
    }

    final Path corpus;
    final List<Row> rows = new ArrayList<>();
    final List<String> nonBounceFiles = new ArrayList<>();
    private final Map<String, byte[]> raws = new HashMap<>();
    private final Map<String, InboundMail> read = new HashMap<>();

    BounceCorpusEvaluation(Path corpus) throws IOException {
        this.corpus = corpus;
        List<String> lines = Files.readAllLines(corpus.resolve("bounces.tsv"));
        String[] head = lines.get(0).split("\t", -1);
        int family = List.of(head).indexOf("engine_prefix");
        for (String line : lines.subList(1, lines.size())) {
            String[] r = line.split("\t", -1);
            if (r[1].isEmpty() || NOT_BOUNCES.contains(r[1])) continue;
            rows.add(new Row(r[0], r[1], r[family]));
        }
        try (var files = Files.list(corpus.resolve("sisimai/not"))) {
            files.map(p -> corpus.relativize(p).toString()).sorted().forEach(nonBounceFiles::add);
        }
    }

    Classification classify(MailClassifier classifier, String path) throws IOException {
        byte[] raw = raws.get(path);
        if (raw == null) {
            raw = Files.readAllBytes(corpus.resolve(path));
            raws.put(path, raw);
            try {
                read.put(path, new MailReader().read(raw));
            } catch (RuntimeException e) {
                read.put(path, null);
            }
        }
        return classifier.classify(read.get(path), raw);
    }

    /** Every rule in play. */
    Figures full() throws IOException {
        return run(row -> new MailClassifier());
    }

    /** Each family read without the rules written for it: tagged so, or deciding its reports alone. */
    Figures heldOut() throws IOException {
        return heldOut(exclusiveRules());
    }

    /** Each family read without the rules tagged as written for it (provider codes, report layouts). */
    Figures heldOutTagged() throws IOException {
        return heldOut(Map.of());
    }

    private Figures heldOut(Map<String, String> exclusive) throws IOException {
        Map<String, MailClassifier> perFamily = new HashMap<>();
        return run(row -> perFamily.computeIfAbsent(row.family(), f -> row.heldOutFamily()
                ? new MailClassifier(new Rules(id -> !Rules.writtenFor(id, f) && !f.equals(exclusive.get(id)), id -> { }))
                : new MailClassifier()));
    }

    /** Rule id to the one family whose reports, alone, it decided in the full run. */
    Map<String, String> exclusiveRules() throws IOException {
        Map<String, Set<String>> families = new HashMap<>();
        for (Row row : rows) {
            Set<String> used = new LinkedHashSet<>();
            classify(new MailClassifier(new Rules(id -> true, used::add)), row.path());
            for (String id : used) families.computeIfAbsent(id, k -> new TreeSet<>()).add(row.family());
        }
        Map<String, String> out = new TreeMap<>();
        families.forEach((id, fs) -> {
            String only = fs.iterator().next();
            if (fs.size() == 1 && (only.startsWith("lhost-") || only.startsWith("rhost-"))) out.put(id, only);
        });
        return out;
    }

    private interface ClassifierFor {
        MailClassifier of(Row row);
    }

    private Figures run(ClassifierFor classifiers) throws IOException {
        int total = 0, bounces = 0, delays = 0, reasons = 0, withRecipients = 0, withMessageId = 0;
        Map<String, Integer> confusions = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Row row : rows) {
            total++;
            Classification c = classify(classifiers.of(row), row.path());
            if (c.kind() == Kind.BOUNCE) bounces++;
            else if (c.kind() == Kind.DELIVERY_REPORT && c.bounce() != null && !c.bounce().permanent()) delays++;
            else misses.add("NOT BOUNCE " + row.path() + " (" + row.reason() + ") -> " + c.kind() + " / " + c.signal());
            if (c.bounce() != null && !c.bounce().recipients().isEmpty()) withRecipients++;
            if (c.bounce() != null && c.bounce().originalMessageId() != null) withMessageId++;
            String got = c.bounce() == null ? "-" : c.bounce().reason();
            if (row.reason().equals(got)) {
                reasons++;
            } else {
                confusions.merge(row.reason() + " -> " + got, 1, Integer::sum);
                misses.add("REASON " + row.path() + " want " + row.reason() + " got " + got + " status "
                        + (c.bounce() == null ? null : c.bounce().status()) + " diag: "
                        + (c.bounce() == null ? null : abbreviate(c.bounce().diagnostic())));
            }
        }
        int called = 0;
        MailClassifier all = new MailClassifier();
        for (String path : nonBounceFiles) {
            if (classify(all, path).kind() == Kind.BOUNCE) called++;
        }
        return new Figures(total, bounces, delays, reasons, withRecipients, withMessageId, nonBounceFiles.size(), called,
                confusions, misses);
    }

    private static String abbreviate(String s) {
        if (s == null) return null;
        s = s.replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    /** Prints the figures: {@code BounceCorpusEvaluation <corpus folder> [-v]}. */
    public static void main(String[] args) throws IOException {
        BounceCorpusEvaluation e = new BounceCorpusEvaluation(Path.of(args.length > 0 ? args[0] : "../shared/corpus"));
        boolean verbose = args.length > 1 && args[1].equals("-v");
        Figures full = e.full();
        Figures held = e.heldOut();
        System.out.println("whole corpus:                     " + full.line());
        System.out.println("families held out:                " + held.line());
        System.out.println("only tagged family rules held out: " + e.heldOutTagged().line());
        if (verbose) {
            System.out.println("rules that decided one family's reports only:");
            e.exclusiveRules().forEach((id, f) -> System.out.println("  " + f + "  " + id));
            System.out.println("-- whole corpus misses");
            full.misses().forEach(System.out::println);
            System.out.println("-- held-out misses");
            Set<String> fullMisses = new HashSet<>(full.misses());
            held.misses().stream().filter(m -> !fullMisses.contains(m)).forEach(System.out::println);
        }
    }
}

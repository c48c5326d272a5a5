package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the sisimai corpus through the classifier and holds the agreement rates to floors that only go up. */
class BounceCorpusConformanceTest {

    // floors: raise them when the classifier gets better, never lower them
    static final double BOUNCE_KIND_FLOOR = 0.974;
    static final double REASON_FLOOR = 0.926;
    /**
     * The same agreement, and the recognition, with each report family read without the rules written
     * for it (tagged so, or being the phrase that spoke for that family's reports alone, reason and
     * bounce-detection phrases alike): what to expect of reports the rules were not tuned on.
     */
    static final double HELD_OUT_REASON_FLOOR = 0.738;
    static final double HELD_OUT_TAGGED_REASON_FLOOR = 0.876;
    static final double HELD_OUT_BOUNCE_OR_DELAY_FLOOR = 1.0;
    /**
     * sisimai labels delay warnings with a bounce reason; mail2case reports them as delivery reports
     * (the delivery is still being retried), so every labelled mail must be one or the other.
     */
    static final double BOUNCE_OR_DELAY_FLOOR = 1.0;
    /** A bounce without its recipients cannot block them; without the original Message-ID it cannot fail the delivery. */
    static final double RECIPIENTS_FLOOR = 0.965;
    static final double ORIGINAL_MESSAGE_ID_FLOOR = 0.897;
    static final double DELIVERED_FLOOR = 1.0;
    static final double FEEDBACK_FLOOR = 1.0;
    static final double VACATION_FLOOR = 1.0;
    static final int NOT_BOUNCE_FALSE_POSITIVES_CEILING = 0;

    static Path corpus;
    static final List<String[]> rows = new ArrayList<>();
    final MailClassifier classifier = new MailClassifier();

    @BeforeAll
    static void load() throws IOException {
        corpus = Path.of(System.getProperty("mail2case.home", "."), "..", "shared", "corpus").normalize();
        Path tsv = corpus.resolve("bounces.tsv");
        assertTrue(Files.isRegularFile(tsv), "sisimai corpus missing: expected " + tsv.toAbsolutePath()
                + " (set -Dmail2case.home to the project directory beside ../shared)");
        List<String> lines = Files.readAllLines(tsv);
        for (String line : lines.subList(1, lines.size())) rows.add(line.split("\t", -1));
    }

    private Classification classify(String path) throws IOException {
        byte[] raw = Files.readAllBytes(corpus.resolve(path));
        InboundMail mail;
        try {
            mail = new MailReader().read(raw);
        } catch (RuntimeException e) {
            mail = null;
        }
        return classifier.classify(mail, raw);
    }

    @Test
    void bouncesAreBouncesWithTheLabelledReason() throws IOException {
        int total = 0, kindOk = 0, delays = 0, reasonOk = 0, withRecipients = 0, withMessageId = 0;
        Map<String, Integer> confusions = new TreeMap<>();
        for (String[] r : rows) {
            String reason = r[1];
            if (reason.isEmpty() || List.of("delivered", "feedback", "vacation", "not-a-bounce").contains(reason)) continue;
            total++;
            Classification c = classify(r[0]);
            if (c.kind() == Kind.BOUNCE) kindOk++;
            else if (c.kind() == Kind.DELIVERY_REPORT && c.bounce() != null && !c.bounce().permanent()) {
                delays++;
                System.out.println("DELAY " + r[0] + " (" + reason + ", " + r[3] + ") -> " + c.signal() + " / " + c.bounce().status());
            }
            else System.out.println("NOT BOUNCE " + r[0] + " (" + reason + ") -> " + c.kind() + " / " + c.signal());
            if (c.bounce() != null && !c.bounce().recipients().isEmpty()) withRecipients++;
            else System.out.println("NO RECIPIENT " + r[0]);
            if (c.bounce() != null && c.bounce().originalMessageId() != null) withMessageId++;
            else System.out.println("NO MESSAGE-ID " + r[0]);
            String got = c.bounce() == null ? "-" : c.bounce().reason();
            if (reason.equals(got)) reasonOk++;
            else {
                confusions.merge(reason + " -> " + got, 1, Integer::sum);
                System.out.println("REASON " + r[0] + " want " + reason + " got " + got + " status " + r[3] + "/"
                        + (c.bounce() == null ? null : c.bounce().status()) + " diag: "
                        + (c.bounce() == null ? null : abbreviate(c.bounce().diagnostic())));
            }
        }
        double kindRate = (double) kindOk / total, reasonRate = (double) reasonOk / total;
        System.out.printf("bounce kind %d/%d = %.3f, reason %d/%d = %.3f%n", kindOk, total, kindRate, reasonOk, total, reasonRate);
        double bounceOrDelay = (double) (kindOk + delays) / total;
        System.out.printf("bounce or delay report %d/%d = %.3f%n", kindOk + delays, total, bounceOrDelay);
        System.out.printf("with recipients %d/%d, with original Message-ID %d/%d%n", withRecipients, total, withMessageId, total);
        confusions.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(25)
                .forEach(e -> System.out.println("  " + e.getValue() + "  " + e.getKey()));
        assertTrue(kindRate >= BOUNCE_KIND_FLOOR, "bounce kind rate " + kindRate);
        assertTrue(reasonRate >= REASON_FLOOR, "reason rate " + reasonRate);
        assertTrue(bounceOrDelay >= BOUNCE_OR_DELAY_FLOOR, "bounce or delay rate " + bounceOrDelay);
        assertTrue((double) withRecipients / total >= RECIPIENTS_FLOOR, "recipients found in " + withRecipients);
        assertTrue((double) withMessageId / total >= ORIGINAL_MESSAGE_ID_FLOOR, "original Message-ID found in " + withMessageId);
    }

    @Test
    void familiesHeldOutFromTheirOwnRulesKeepTheirReasons() throws IOException {
        BounceCorpusEvaluation evaluation = new BounceCorpusEvaluation(corpus);
        BounceCorpusEvaluation.Figures full = evaluation.full();
        BounceCorpusEvaluation.Figures heldOut = evaluation.heldOut();
        BounceCorpusEvaluation.Figures tagged = evaluation.heldOutTagged();
        System.out.println("whole corpus:      " + full.line());
        System.out.println("families held out: " + heldOut.line());
        System.out.println("tagged rules held out: " + tagged.line());
        assertTrue(heldOut.reasonRate() >= HELD_OUT_REASON_FLOOR, "held-out reason rate " + heldOut.reasonRate());
        assertTrue(tagged.reasonRate() >= HELD_OUT_TAGGED_REASON_FLOOR, "tagged held-out reason rate " + tagged.reasonRate());
        assertTrue(heldOut.bounceOrDelayRate() >= HELD_OUT_BOUNCE_OR_DELAY_FLOOR, "held-out detection " + heldOut.bounceOrDelayRate());
    }

    @Test
    void reportsAndAutoRepliesAreRecognised() throws IOException {
        assertTrue(rate("delivered", Kind.DELIVERY_REPORT) >= DELIVERED_FLOOR);
        assertTrue(rate("feedback", Kind.FEEDBACK) >= FEEDBACK_FLOOR);
        assertTrue(rate("vacation", Kind.AUTO_REPLY) >= VACATION_FLOOR);
    }

    @Test
    void notBouncesAreNeverBounces() throws IOException {
        int falsePositives = 0;
        try (var files = Files.list(corpus.resolve("sisimai/not"))) {
            for (Path p : files.toList()) {
                Classification c = classify(corpus.relativize(p).toString());
                System.out.println("not/ " + p.getFileName() + " -> " + c.kind() + " / " + c.signal());
                if (c.kind() == Kind.BOUNCE) falsePositives++;
            }
        }
        assertTrue(falsePositives <= NOT_BOUNCE_FALSE_POSITIVES_CEILING, falsePositives + " non-bounces taken for bounces");
    }

    @Test
    void noCorpusMailBreaksTheClassifier() throws IOException {
        try (var files = Files.walk(corpus)) {
            for (Path p : files.filter(Files::isRegularFile).filter(f -> !f.toString().matches(".*\\.(tsv|yml|list|tnef|md)$")).toList()) {
                byte[] raw = Files.readAllBytes(p);
                Classification c = classifier.classify(null, raw);
                assertTrue(c != null && c.kind() != null, p.toString());
                if (!p.toString().contains("sisimai") && c.kind() != Kind.MESSAGE) {
                    System.out.println("OTHER " + corpus.relativize(p) + " -> " + c.kind() + " / " + c.signal()
                            + (c.bounce() == null ? "" : " / " + c.bounce().reason()));
                }
            }
        }
    }

    private double rate(String reason, Kind want) throws IOException {
        int total = 0, ok = 0;
        for (String[] r : rows) {
            if (!reason.equals(r[1])) continue;
            total++;
            Classification c = classify(r[0]);
            if (c.kind() == want) ok++;
            else System.out.println("WRONG " + reason + " " + r[0] + " -> " + c.kind() + " / " + c.signal());
        }
        double rate = total == 0 ? 1 : (double) ok / total;
        System.out.printf("%s -> %s: %d/%d = %.3f%n", reason, want.label(), ok, total, rate);
        return rate;
    }

    private static String abbreviate(String s) {
        if (s == null) return null;
        s = s.replaceAll("\\s+", " ");
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }
}

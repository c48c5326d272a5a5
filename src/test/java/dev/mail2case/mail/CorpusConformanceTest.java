package dev.mail2case.mail;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reader against real-world mail from other projects in {@code ../shared/corpus}: nothing
 * crashes or hangs, Zammad's parse agrees on sender, subject, body type and attachments, and TNEF
 * streams yield the files MimeKit finds.
 */
class CorpusConformanceTest {

    /** Share of Zammad files agreeing on every compared field. Only ever raise it. */
    static final double ZAMMAD_FLOOR = 1.0;

    /**
     * Files where Zammad's expectation is plainly not what a mail reader should produce; each with why.
     */
    static final Map<String, String> ZAMMAD_EXCEPTIONS = Map.of(
            "mail018", "subject holds a UTF-7 encoded word; Zammad leaves '+ANw-' undecoded, it is 'Ü'",
            "mail027", "the only body is text/html inside multipart/related; Zammad calls it text/plain",
            "mail064", "file name is windows-1258 with combining accents; Zammad decodes it as Latin-1 (\"eìcran\")",
            "mail073", "file name 'Wölbung' is valid in its charset; Zammad lost the byte and stored U+FFFD");

    private static final Set<String> NOT_MAILS = Set.of("yml", "list", "tsv", "md", "tnef");

    static Path corpus;

    @BeforeAll
    static void locateCorpus() {
        corpus = Path.of(System.getProperty("mail2case.home", "."), "..", "shared", "corpus").normalize();
        if (!Files.isDirectory(corpus)) {
            fail("The shared mail corpus was not found at " + corpus.toAbsolutePath()
                    + ": check out shared/ beside the project (it holds the real-world test mails).");
        }
    }

    static List<Path> mails(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !NOT_MAILS.contains(extension(p))).sorted().toList();
        }
    }

    private static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    @Test
    void everyCorpusMailIsReadWithoutError() throws IOException {
        MailReader reader = new MailReader();
        List<Path> mails = mails(corpus);
        assertTrue(mails.size() > 800, "expected the whole corpus, found " + mails.size());
        List<String> failures = new ArrayList<>();
        for (Path mail : mails) {
            try {
                // how fast is the benchmark command's business (slowest mail), not a test's
                ObjectNode json = InspectJson.object(mail.toString(), reader.read(Files.readAllBytes(mail)));
                InspectJson.MAPPER.writeValueAsString(json);
            } catch (Throwable t) {
                failures.add(corpus.relativize(mail) + ": " + t);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyBase64PartDecodesToTheBytesTheLenientDecoderGives() throws Exception {
        new MailReader(); // the lenient decoder as the reader sets it up: broken base64 costs its bytes only
        jakarta.mail.Session session = jakarta.mail.Session.getInstance(new java.util.Properties());
        List<String> differ = new ArrayList<>();
        int[] compared = new int[1];
        for (Path mail : mails(corpus)) {
            try {
                var m = new jakarta.mail.internet.MimeMessage(session,
                        new jakarta.mail.util.SharedByteArrayInputStream(Files.readAllBytes(mail)));
                compareBase64(m, corpus.relativize(mail).toString(), differ, compared);
            } catch (jakarta.mail.MessagingException | IOException unreadable) {
                // the reader's own business, tested above
            }
        }
        // Hostile shapes: no padding, padding before the end, a lone last character, stray characters.
        for (String body : List.of("QUJD", "QUJ", "QQ", "Q", "QQ==", "QQ=", "QQ==QUJD", "QU JD\r\nRQ==", "QU!JD",
                "QQ=Z", "QUJD=", "QUJDQQ==\r\n\r\n", "QUJDQQ==\r\n-- \r\n", "\u00ff\u00feQUJD", "QUJDRQ", "")) {
            var part = new jakarta.mail.internet.MimeBodyPart(new jakarta.mail.internet.InternetHeaders(
                    new java.io.ByteArrayInputStream("Content-Transfer-Encoding: base64\r\n\r\n".getBytes(StandardCharsets.US_ASCII))),
                    body.getBytes(StandardCharsets.ISO_8859_1));
            compareBase64(part, "body \"" + body + "\"", differ, compared);
        }
        assertEquals(List.of(), differ);
        assertTrue(compared[0] > 150, "base64 parts compared: " + compared[0]);
    }

    private static void compareBase64(jakarta.mail.Part part, String where, List<String> differ, int[] compared)
            throws jakarta.mail.MessagingException, IOException {
        if (part.isMimeType("multipart/*") && part.getContent() instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                compareBase64(mp.getBodyPart(i), where, differ, compared);
            }
            return;
        }
        if (!"base64".equals(PartContent.encoding(part))) {
            return;
        }
        byte[] fast = PartContent.base64(part);
        if (fast == null) {
            return; // refused: such a part goes the lenient way
        }
        compared[0]++;
        byte[] lenient;
        try (var in = jakarta.mail.internet.MimeUtility.decode(PartContent.raw(part), "base64")) {
            lenient = in.readAllBytes();
        }
        if (!java.util.Arrays.equals(fast, lenient)) {
            differ.add(where + ": " + fast.length + " bytes decoded, the lenient decoder gives " + lenient.length);
        }
    }

    @Test
    void tnefStreamsYieldEveryFileMimeKitFinds() throws Exception {
        Path dir = corpus.resolve("mimekit/tnef-payloads");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path list : s.filter(p -> p.toString().endsWith(".list")).sorted().toList()) {
                String base = list.getFileName().toString().replaceFirst("\\.list$", "");
                List<String> expected = Files.readAllLines(list).stream().map(String::strip)
                        .filter(l -> !l.isEmpty()).toList();
                List<String> names = new ArrayList<>();
                try {
                    for (TnefDecoder.File f : TnefDecoder.decode(Files.readAllBytes(dir.resolve(base + ".tnef")))) {
                        names.add(f.name());
                    }
                } catch (Exception e) {
                    if (!expected.isEmpty()) problems.add(base + ": " + e);
                    continue;
                }
                for (String e : expected) {
                    if (!names.contains(e)) problems.add(base + ": missing " + e + " (got " + names + ")");
                }
            }
        }
        System.out.println("TNEF problems: " + problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void zammadAgreementStaysAboveTheFloor() throws IOException {
        Result r = compareWithZammad(corpus.resolve("zammad"));
        System.out.println(r.report());
        assertTrue(r.rate() >= ZAMMAD_FLOOR,
                "Zammad agreement " + r.rate() + " fell below " + ZAMMAD_FLOOR + "\n" + r.report());
    }

    // --- Zammad comparison -------------------------------------------------------------------------

    record Result(int files, int agreeing, Map<String, List<String>> disagreements) {
        double rate() {
            return files == 0 ? 0 : (double) agreeing / files;
        }

        String report() {
            StringBuilder b = new StringBuilder("Zammad agreement: " + agreeing + "/" + files + " = "
                    + String.format(Locale.ROOT, "%.3f", rate()) + "\n");
            disagreements.forEach((field, list) -> {
                b.append("  ").append(field).append(": ").append(list.size()).append('\n');
                list.forEach(d -> b.append("    ").append(d).append('\n'));
            });
            return b.toString();
        }
    }

    static Result compareWithZammad(Path dir) throws IOException {
        MailReader reader = new MailReader();
        Map<String, List<String>> disagreements = new TreeMap<>();
        int files = 0;
        int agreeing = 0;
        List<Path> ymls;
        try (Stream<Path> s = Files.list(dir)) {
            ymls = s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path yml : ymls) {
            String base = yml.getFileName().toString().replaceFirst("\\.yml$", "");
            Path box = dir.resolve(base + ".box");
            if (!Files.exists(box) || ZAMMAD_EXCEPTIONS.containsKey(base)) continue;
            files++;
            Map<?, ?> expected = (Map<?, ?>) loadRubyYaml(Files.readString(yml, StandardCharsets.UTF_8));
            InboundMail mail = reader.read(Files.readAllBytes(box));
            Map<String, String[]> diff = diff(expected, mail);
            if (diff.isEmpty()) {
                agreeing++;
            } else {
                diff.forEach((field, v) -> disagreements.computeIfAbsent(field, k -> new ArrayList<>())
                        .add(base + " expected=" + v[0] + " actual=" + v[1]));
            }
        }
        return new Result(files, agreeing, disagreements);
    }

    /**
     * Zammad's fields against ours. Zammad stores an HTML body as {@code text/html} plus the original
     * HTML as an extra {@code message.html} attachment; we keep HTML beside the text, so its
     * content_type is compared with "has an HTML body" and that synthetic attachment is left out.
     */
    static Map<String, String[]> diff(Map<?, ?> expected, InboundMail mail) {
        Map<String, String[]> diff = new LinkedHashMap<>();
        String fromEmail = str(expected.get("from_email"));
        String actualFrom = mail.from() == null ? "" : mail.from().address();
        if (!fromEmail.equalsIgnoreCase(actualFrom)) diff.put("from_email", new String[]{fromEmail, actualFrom});
        String subject = str(expected.get("subject"));
        if (!subject.strip().equals(mail.subject().strip())) diff.put("subject", new String[]{subject, mail.subject()});
        String ct = str(expected.get("content_type"));
        String actualCt = mail.html() != null ? "text/html" : "text/plain";
        if (!ct.isEmpty() && !ct.equals(actualCt)) diff.put("content_type", new String[]{ct, actualCt});

        List<String[]> exp = new ArrayList<>();
        Object atts = expected.get("attachments");
        if (atts instanceof Collection<?> list) {
            for (Object o : list) {
                Map<?, ?> a = (Map<?, ?>) o;
                Map<?, ?> prefs = a.get("preferences") instanceof Map<?, ?> m ? m : Map.of();
                if ("message.html".equals(str(a.get("filename"))) && Boolean.TRUE.equals(prefs.get("original-format"))) {
                    continue;
                }
                exp.add(new String[]{str(a.get("filename")), str(prefs.get("Mime-Type")).toLowerCase(Locale.ROOT),
                        str(prefs.get("Content-ID"))});
            }
        }
        // A part without a file name gets a name of our own (attachment-N.ext or its Content-Description);
        // Zammad makes up different ones ("file", "image.jpg"), so made-up names on both sides agree.
        List<String> made = new ArrayList<>();
        for (MailAttachment a : mail.attachments()) {
            if (a.originalFilename() == null) made.add(a.name());
        }
        List<String[]> act = new ArrayList<>();
        for (MailAttachment a : mail.attachments()) {
            act.add(new String[]{a.name(), a.contentType(), a.contentId() == null ? "" : a.contentId()});
        }
        List<String> expectedNames = exp.stream().map(x -> x[0]).toList();
        for (String[] a : act) {
            if (made.contains(a[0]) && !expectedNames.contains(a[0])) {
                for (String[] x : exp) {
                    if (x[1].equals(a[1]) && !act.stream().anyMatch(y -> y[0].equals(x[0]))) {
                        a[0] = x[0];
                        break;
                    }
                }
            }
        }
        compareColumn(diff, "attachment filenames", exp, act, 0);
        compareColumn(diff, "attachment Mime-Types", exp, act, 1);
        compareColumn(diff, "attachment Content-IDs", exp, act, 2);
        return diff;
    }

    private static void compareColumn(Map<String, String[]> diff, String field, List<String[]> exp, List<String[]> act,
                                      int col) {
        List<String> e = exp.stream().map(a -> a[col]).sorted().toList();
        List<String> a = act.stream().map(x -> x[col]).sorted().toList();
        if (!e.equals(a)) diff.put(field, new String[]{e.toString(), a.toString()});
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Ruby-tagged YAML with the tags ignored: tagged maps are maps, !binary is base64 text. */
    static Object loadRubyYaml(String yaml) {
        LoadSettings settings = LoadSettings.builder().setCodePointLimit(64 * 1024 * 1024).build();
        StandardConstructor constructor = new StandardConstructor(settings) {
            @Override
            protected Optional<ConstructNode> findConstructorFor(Node node) {
                Optional<ConstructNode> known = super.findConstructorFor(node);
                if (known.isPresent()) return known;
                return Optional.of(n -> {
                    if (n instanceof MappingNode m) return constructMapping(m);
                    if (n instanceof SequenceNode s) return constructSequence(s);
                    String value = constructScalar((ScalarNode) n);
                    if (n.getTag().getValue().endsWith("binary")) {
                        try {
                            return new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8);
                        } catch (IllegalArgumentException e) {
                            return value;
                        }
                    }
                    return value;
                });
            }
        };
        return new Load(settings, constructor).loadFromString(yaml);
    }

    /** Prints the Zammad comparison, for working on the reader. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared/corpus/zammad");
        System.out.println(compareWithZammad(dir).report());
    }
}

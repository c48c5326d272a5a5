package dev.mail2case.mail;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code mail2case inspect FILE|DIR...}: reads each mail with {@link MailReader} and prints one JSON
 * object per file per line. Needs no database and no mail server. Directories are walked for files.
 */
public final class InspectCommand {

    private InspectCommand() {
    }

    /** Adds what later stages know about a mail (case number, kind, explanation) to its JSON object. */
    public interface Enricher {
        void enrich(com.fasterxml.jackson.databind.node.ObjectNode json, InboundMail mail, Path file) throws Exception;
    }

    /** Returns 0 when every file was read, 1 when some could not be, 2 on bad usage. */
    public static int run(List<String> args, PrintStream out) {
        return run(args, out, (json, mail, file) -> { });
    }

    public static int run(List<String> args, PrintStream out, Enricher enricher) {
        if (args == null || args.isEmpty()) {
            out.println(InspectJson.error("", "usage: inspect FILE|DIR..."));
            return 2;
        }
        MailReader reader = new MailReader();
        int failures = 0;
        for (String arg : args) {
            for (Path file : files(Path.of(arg))) {
                String name = file.toString();
                try {
                    InboundMail mail = reader.read(file);
                    var json = InspectJson.object(name, mail);
                    enricher.enrich(json, mail, file);
                    out.println(InspectJson.MAPPER.writeValueAsString(json));
                } catch (Exception | StackOverflowError e) {
                    failures++;
                    out.println(InspectJson.error(name, e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private static List<Path> files(Path p) {
        if (!Files.isDirectory(p)) return List.of(p);
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return new ArrayList<>(List.of(p));
        }
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out));
    }
}

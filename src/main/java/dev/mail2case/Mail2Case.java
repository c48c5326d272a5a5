package dev.mail2case;

import dev.mail2case.cases.ImportCommand;
import dev.mail2case.config.Startup;
import dev.mail2case.demo.Demo;
import dev.mail2case.intake.QuarantineCommand;
import dev.mail2case.mail.InspectBenchmark;
import dev.mail2case.start.Mail2CaseApp;

import java.util.Arrays;
import java.util.List;

/** Start-up only: picks the command and hands over. */
public final class Mail2Case {
    private Mail2Case() {
    }

    static final String USAGE = """
            usage: java -jar mail2case.jar [command]
              run              poll the configured accounts (the default)
              demo             run on an embedded PostgreSQL and mail server, with demo data and sample mail
              inspect [--explain] [--account=ID] FILE|DIR...
                               how each mail is read (JSON Lines); --explain runs the routes without
                               writing and adds what each stage decides (needs the server's settings)
              benchmark [DIR] [ROUNDS]
                               reading throughput and peak heap over a folder of mail (default ../shared/corpus)
              benchmark ingest [--mails=N] [--mix=mixed|small] [--per-poll=N] [--poll-ms=MS]
                               drain generated mail from IMAP into PostgreSQL with mail2case and with a bare
                               fetch-and-insert loop, and compare (embedded servers in mail2case-demo.jar;
                               --imap-host, --db-url and the other options in `benchmark ingest --help` for your own)
              import FILE...   load organisation data (.yaml) or contacts (.csv); importing again updates
              quarantine       list the quarantined mail with its reasons
              replay ID...     feed quarantined mail through the pipeline again (a running service picks it up)
            """;

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        int status = switch (command) {
            case "run" -> run();
            case "demo" -> demo(rest);
            case "import" -> {
                try {
                    yield ImportCommand.run(rest, System.out);
                } catch (RuntimeException e) {
                    yield Startup.failed(e);
                }
            }
            case "inspect" -> Inspect.run(rest, System.out);
            case "benchmark" -> {
                if (!rest.isEmpty() && rest.get(0).equals("ingest")) {
                    yield dev.mail2case.bench.IngestBenchmark.run(rest.subList(1, rest.size()));
                }
                InspectBenchmark.main(rest.toArray(String[]::new));
                dev.mail2case.screen.ScreenBenchmark.main(rest.toArray(String[]::new));
                dev.mail2case.mail.LargeMailMeasurement.main(new String[0]);
                yield 0;
            }
            case "quarantine" -> QuarantineCommand.list(System.out);
            case "replay" -> QuarantineCommand.replay(rest, System.out);
            case "help", "--help", "-h" -> {
                System.out.print(USAGE);
                yield 0;
            }
            default -> {
                System.err.print("unknown command '" + command + "'\n" + USAGE);
                yield 2;
            }
        };
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The service jar leaves the demo's embedded servers out; mail2case-demo.jar has them. */
    private static int demo(List<String> rest) throws Exception {
        try {
            Class.forName("com.icegreen.greenmail.util.GreenMail", false, Mail2Case.class.getClassLoader());
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false, Mail2Case.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            System.err.println("The demo's embedded PostgreSQL and mail server are not in this jar (the service jar"
                    + " leaves them out). Run it with: java -XX:TieredStopAtLevel=1 -jar target/mail2case-demo.jar demo");
            return 2;
        }
        return Demo.run(rest);
    }

    private static int run() throws Exception {
        Mail2CaseApp app;
        try {
            app = Mail2CaseApp.start(null);
        } catch (Exception e) {
            return Startup.failed(e);
        }
        app.awaitShutdown();
        return 0;
    }
}

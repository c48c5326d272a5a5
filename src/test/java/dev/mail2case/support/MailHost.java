package dev.mail2case.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Postfix and Dovecot on loopback (the mail host scripts beside the project, in
 * {@code ../shared/mailhost}), started on free ports with a state directory of its own and removed
 * on close. Where it cannot start (no root, no Debian packages), {@link #start()} says why.
 */
public final class MailHost implements AutoCloseable {
    public static final String PASSWORD = "secret";

    private final Path scripts;
    private final Path dir;
    private final Map<String, String> env;
    private final int smtpPort;
    private final int imapPort;
    private final int pop3Port;

    private MailHost(Path scripts, Path dir, Map<String, String> env) {
        this.scripts = scripts;
        this.dir = dir;
        this.env = env;
        this.smtpPort = Integer.parseInt(env.get("MAILHOST_SMTP_PORT"));
        this.imapPort = Integer.parseInt(env.get("MAILHOST_IMAP_PORT"));
        this.pop3Port = Integer.parseInt(env.get("MAILHOST_POP3_PORT"));
    }

    /** The shared folder beside the project (corpus, mail host scripts). */
    public static Path shared() {
        return Path.of(System.getProperty("mail2case.shared",
                Path.of(System.getProperty("mail2case.home", "."), "..", "shared").toString()));
    }

    /** Starts a mail host of its own; throws with the scripts' own words when it cannot. */
    public static MailHost start() throws IOException, InterruptedException {
        Path scripts = shared().resolve("mailhost");
        if (!Files.isRegularFile(scripts.resolve("up.sh"))) {
            throw new IOException("no mail host scripts in " + scripts.toAbsolutePath());
        }
        Path dir = Path.of("/tmp", "m2c-mh-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100000);
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("MAILHOST_DIR", dir.toString());
        for (String port : List.of("SMTP", "SMTPS", "IMAP", "IMAPS", "POP3", "POP3S", "OAUTH")) {
            env.put("MAILHOST_" + port + "_PORT", Integer.toString(TestApp.freePort()));
        }
        env.put("MAILHOST_OAUTH", "0");
        MailHost host = new MailHost(scripts, dir, env);
        // Also stopped when the JVM ends without the test's own close (a killed or timed-out run).
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "mailhost-down"));
        String out = host.run("up.sh");
        if (out != null) {
            host.close();
            throw new IOException("the mail host did not start: " + out);
        }
        return host;
    }

    /** Runs a script of the kit; null when it succeeded, else the tail of its output. */
    private String run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", scripts.resolve(script).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile("mailhost-", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean done = p.waitFor(15, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.ISO_8859_1);
        Files.deleteIfExists(log);
        if (!done) {
            p.destroyForcibly();
            return "timed out: " + tail(output);
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + tail(output);
    }

    private static String tail(String s) {
        return s.length() > 1500 ? s.substring(s.length() - 1500) : s;
    }

    public int smtpPort() {
        return smtpPort;
    }

    public int imapPort() {
        return imapPort;
    }

    public int pop3Port() {
        return pop3Port;
    }

    /** The Maildir of an address (new/ and cur/ hold one file per mail). */
    public Path maildir(String address) {
        String[] at = address.toLowerCase(java.util.Locale.ROOT).split("@");
        return dir.resolve("mail").resolve(at[1]).resolve(at[0]).resolve("Maildir");
    }

    /** How many times Dovecot logged a login of this address (IMAP and POP3), from its own log. */
    public long logins(String address) throws IOException {
        Path log = dir.resolve("log").resolve("dovecot.log");
        String user = "Login: user=<" + address + ">";
        try (java.util.stream.Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return lines.filter(l -> l.contains(user)).count();
        }
    }

    /** An SMTP session with Postfix that sends bytes exactly as given (line ends made CRLF). */
    public Smtp smtp() throws IOException {
        return new Smtp(new Socket("127.0.0.1", smtpPort));
    }

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            run("down.sh", "--purge");
        } catch (IOException | InterruptedException e) {
            System.err.println("mail host in " + dir + " could not be stopped: " + e);
        }
    }

    /** A plain SMTP client: the corpus goes in byte for byte, unlike a mail library that rewrites headers. */
    public static final class Smtp implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Smtp(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(60_000);
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            this.out = socket.getOutputStream();
            expect(reply(), "220");
            command("EHLO test.mail2case.test", "250");
        }

        /** Sends one mail; returns null when Postfix accepted it, else its reply. */
        public String send(byte[] raw, String from, String to) throws IOException {
            String r = command("MAIL FROM:<" + from + ">", null);
            if (!r.startsWith("250")) {
                return r;
            }
            r = command("RCPT TO:<" + to + ">", null);
            if (!r.startsWith("250")) {
                command("RSET", null);
                return r;
            }
            r = command("DATA", null);
            if (!r.startsWith("354")) {
                command("RSET", null);
                return r;
            }
            out.write(dotStuffed(raw));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            r = reply();
            return r.startsWith("250") ? null : r;
        }

        static byte[] dotStuffed(byte[] raw) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(raw.length + 1024);
            boolean lineStart = true;
            for (int i = 0; i < raw.length; i++) {
                byte c = raw[i];
                if (c == '\r' || c == '\n') {
                    if (c == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                        i++;
                    }
                    b.write('\r');
                    b.write('\n');
                    lineStart = true;
                    continue;
                }
                if (lineStart && c == '.') {
                    b.write('.');
                }
                b.write(c);
                lineStart = false;
            }
            if (!lineStart) {
                b.write('\r');
                b.write('\n');
            }
            return b.toByteArray();
        }

        private String command(String line, String expected) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String r = reply();
            if (expected != null) {
                expect(r, expected);
            }
            return r;
        }

        private String reply() throws IOException {
            StringBuilder all = new StringBuilder();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    throw new IOException("the SMTP server closed the connection after: " + all);
                }
                all.append(line).append(' ');
            } while (line.length() > 3 && line.charAt(3) == '-');
            return all.toString().trim();
        }

        private static void expect(String reply, String code) throws IOException {
            if (!reply.startsWith(code)) {
                throw new IOException("SMTP server answered " + reply);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                command("QUIT", null);
            } catch (IOException ignored) {
                // closing anyway
            }
            socket.close();
        }
    }

}

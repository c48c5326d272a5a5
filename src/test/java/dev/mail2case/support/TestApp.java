package dev.mail2case.support;

import dev.mail2case.start.Mail2CaseApp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Settings for mail2case against a test mail server and database, and SQL helpers for assertions. */
public final class TestApp {
    public static final String SUPPORT = "support@mail2case.test";
    public static final String REQUESTS = "requests@mail2case.test";

    /** Token of the test operator 'alice'. */
    public static final String OPERATOR_TOKEN = "alice-test-token-0123456789";

    private TestApp() {
    }

    public static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An IMAP account 'support' and a POP3 account 'requests', polling fast. */
    public static Properties settings(String jdbcUrl, TestMailServer mail) {
        mail.addAccount(SUPPORT);
        mail.addAccount(REQUESTS);
        Properties p = new Properties();
        p.setProperty("mail2case.db.url", jdbcUrl);
        p.setProperty("mail2case.db.user", "postgres");
        p.setProperty("mail2case.db.password", "");
        p.setProperty("mail2case.smtp.host", "127.0.0.1");
        p.setProperty("mail2case.smtp.port", Integer.toString(mail.smtpPort()));
        p.setProperty("mail2case.accounts", "support,requests");
        account(p, "support", "imap", mail.imapPort(), SUPPORT, "seen");
        account(p, "requests", "pop3", mail.pop3Port(), REQUESTS, "delete");
        p.setProperty("mail2case.outbox.poll-ms", "200");
        p.setProperty("camel.server.port", Integer.toString(freePort()));
        p.setProperty("camel.management.port", Integer.toString(freePort()));
        p.setProperty("mail2case.api.operators", "alice");
        p.setProperty("mail2case.api.operator.alice.token", OPERATOR_TOKEN);
        p.setProperty("mail2case.outbox.first-retry-ms", "200");
        p.setProperty("mail2case.outbox.max-retry-ms", "1000");
        return p;
    }

    public static void account(Properties p, String id, String protocol, int port, String address, String after) {
        String k = "mail2case.account." + id + ".";
        p.setProperty(k + "protocol", protocol);
        p.setProperty(k + "host", "127.0.0.1");
        p.setProperty(k + "port", Integer.toString(port));
        p.setProperty(k + "username", address);
        p.setProperty(k + "password", TestMailServer.PASSWORD);
        p.setProperty(k + "address", address);
        p.setProperty(k + "after-processing", after);
        p.setProperty(k + "poll-delay-ms", "200");
    }

    public static long count(Mail2CaseApp app, String sql, Object... args) {
        return ((Number) query(app, sql, args).get(0)[0]).longValue();
    }

    public static List<Object[]> query(Mail2CaseApp app, String sql, Object... args) {
        try (Connection c = app.database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Object[]> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(Mail2CaseApp app, String sql) {
        try (Connection c = app.database().dataSource().getConnection()) {
            c.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The database refuses to open a case for a mail whose subject holds "poison": a mail that keeps failing. */
    public static void refusePoisonMail(Mail2CaseApp app) {
        execute(app, """
                CREATE FUNCTION refuse_poison() RETURNS trigger AS $$
                BEGIN IF NEW.subject LIKE '%poison%' THEN RAISE EXCEPTION 'this mail is poison'; END IF;
                RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION refuse_poison();
                """);
    }

    /** Calls the operators' API as the test operator 'alice'. */
    public static java.net.http.HttpResponse<String> api(Properties settings, String method, String path, String body)
            throws java.io.IOException, InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + settings.getProperty("camel.server.port") + "/api" + path))
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    /** Starts mail2case expecting a wrong setting to stop it, and returns the setting's error. */
    public static dev.mail2case.config.SettingException startUpRefused(Properties settings) {
        return org.junit.jupiter.api.Assertions.assertThrows(dev.mail2case.config.SettingException.class, () -> {
            try {
                Mail2CaseApp.start(settings).close();
            } catch (Exception ex) {
                for (Throwable t = ex; t != null; t = t.getCause()) {
                    if (t instanceof dev.mail2case.config.SettingException s) {
                        throw s;
                    }
                }
                throw ex;
            }
        });
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();

}

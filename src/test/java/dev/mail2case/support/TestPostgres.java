package dev.mail2case.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM; every caller gets a database of its own on it, copied from
 * a template that Flyway migrated once, so each test starts on the current schema without migrating.
 */
public final class TestPostgres {
    private static final String TEMPLATE = "m2c_template";
    private static EmbeddedPostgres server;
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestPostgres() {
    }

    private static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path data = Files.createTempDirectory("mail2case-test-pg");
                // Test data is thrown away: durability settings only cost time (CREATE DATABASE syncs).
                server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false)
                        .setServerConfig("fsync", "off").setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off").start();
                String template = "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + TEMPLATE;
                try (Connection c = server.getPostgresDatabase().getConnection()) {
                    c.createStatement().execute("CREATE DATABASE " + TEMPLATE);
                }
                Flyway.configure().dataSource(template, "postgres", "").load().migrate();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                        // hundreds of test databases take long to delete: the JVM need not wait for it
                        new ProcessBuilder("rm", "-rf", data.toString()).start();
                    } catch (IOException ignored) {
                        // the JVM is going anyway; the folder is in the temporary directory
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** A new database on the current schema, with no data; returns its JDBC URL (user postgres, no password). */
    public static String newDatabase() {
        String name = "m2c_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        EmbeddedPostgres pg = server();
        synchronized (TestPostgres.class) { // the template may serve one copy at a time
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name;
    }
}

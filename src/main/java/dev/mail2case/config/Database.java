package dev.mail2case.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.Map;
import java.util.function.Function;

/** The PostgreSQL connection pool, its schema (Flyway) and the JPA unit, with one-transaction helpers. */
public final class Database implements AutoCloseable {

    private final HikariDataSource dataSource;
    /** Hibernate's bootstrap is the slowest part of start-up; it runs beside Flyway and route loading. */
    private final java.util.concurrent.CompletableFuture<EntityManagerFactory> emf;

    public Database(String url, String user, String password, int poolSize) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("mail2case");
        // Start even while the database is down: every mail then waits on the server until it is back.
        cfg.setInitializationFailTimeout(-1);
        cfg.setConnectionTimeout(5_000);
        this.dataSource = new HikariDataSource(cfg);
        this.emf = new java.util.concurrent.CompletableFuture<>();
        Thread bootstrap = new Thread(() -> {
            try {
                emf.complete(Startup.step("JPA ready (Hibernate)", () -> Persistence.createEntityManagerFactory(
                        "mail2case", Map.of("jakarta.persistence.nonJtaDataSource", dataSource))));
            } catch (Throwable e) {
                emf.completeExceptionally(e);
            }
        }, "mail2case-jpa-bootstrap");
        bootstrap.setDaemon(true);
        bootstrap.start();
        Startup.step("PostgreSQL schema up to date (Flyway)",
                () -> Flyway.configure().dataSource(dataSource).load().migrate());
    }

    public static Database from(Settings settings) {
        String url = settings.require("mail2case.db.url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new SettingException("mail2case.db.url", "is '" + url + "' but must be a jdbc:postgresql: URL");
        }
        return new Database(url, settings.require("mail2case.db.user"), settings.get("mail2case.db.password", ""),
                settings.integer("mail2case.db.pool-size", 8, 1, 200));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        EntityManager em = emf().createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException e) {
            if (tx.isActive()) {
                try {
                    tx.rollback();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            em.close();
        }
    }

    /**
     * Runs read-only work without a transaction of its own: each statement commits as it runs, which
     * for reads is what READ COMMITTED gives a transaction too (every statement its own snapshot), and
     * it saves the COMMIT round trip. Work that writes belongs in {@link #inTransaction}.
     */
    public <T> T read(Function<EntityManager, T> work) {
        EntityManager em = emf().createEntityManager();
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    private EntityManagerFactory emf() {
        try {
            return emf.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    public void close() {
        try {
            emf().close();
        } catch (RuntimeException e) {
            // it never came up; there is nothing to close
        }
        dataSource.close();
    }
}

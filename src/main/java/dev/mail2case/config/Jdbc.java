package dev.mail2case.config;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Plain JDBC on the connection of a JPA transaction. Write-once rows go this way: Hibernate asks the
 * driver for generated keys, which PostgreSQL answers with the whole row (raw mail and attachment
 * bytes travelling back), and sends one statement per row.
 */
public final class Jdbc {
    private Jdbc() {
    }

    /** Work on the transaction's connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T on(EntityManager em, Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }
}

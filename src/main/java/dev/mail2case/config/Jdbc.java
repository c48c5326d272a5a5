package dev.mail2case.config;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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

    /** One result row as a typed value. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    public static <T> T on(EntityManager em, Work<T> work) {
        return em.unwrap(Session.class).doReturningWork(work::run);
    }

    /** The rows of a query, each read as a typed value; parameters bind in order. */
    public static <T> List<T> list(EntityManager em, String sql, Row<T> row, Object... parameters) {
        return on(em, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row.read(rs));
                    }
                    return out;
                }
            }
        });
    }

    /** The first row of a query, or empty when there is none or it reads as null. */
    public static <T> Optional<T> first(EntityManager em, String sql, Row<T> row, Object... parameters) {
        List<T> rows = list(em, sql, row, parameters);
        return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.get(0));
    }

    /** Runs a statement that returns no rows; returns how many rows it changed. */
    public static int update(EntityManager em, String sql, Object... parameters) {
        return on(em, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** A nullable number column as a Long. */
    public static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** A nullable timestamptz column. */
    public static java.time.OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, java.time.OffsetDateTime.class);
    }
}

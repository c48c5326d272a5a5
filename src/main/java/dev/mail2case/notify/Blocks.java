package dev.mail2case.notify;

import dev.mail2case.config.Database;
import dev.mail2case.config.Times;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Address and case blocks on automatic mail. Each says why and until when, expires by itself (an
 * open-ended one lasts until cleared), survives restarts and holds across replicas, because it lives
 * in PostgreSQL. Operators list and clear them through the API.
 */
public class Blocks {

    /** One block as operators see it. */
    public record Block(String kind, long id, String target, String reason, String detail, OffsetDateTime since,
                        OffsetDateTime until) {
    }

    private final Database database;
    private final Clock clock;

    public Blocks(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Blocks an address; null duration means until cleared. A longer block already in force is kept. */
    public void blockAddress(String address, String reason, String detail, Duration duration) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime until = duration == null ? null : now.plus(duration);
        database.inTransaction(em -> em.createNativeQuery("""
                INSERT INTO address_blocks (address, reason, detail, created_at, until)
                SELECT lower(?1), ?2, ?3, ?4, ?5
                 WHERE NOT EXISTS (SELECT 1 FROM address_blocks WHERE lower(address) = lower(?1) AND cleared_at IS NULL
                                      AND (until IS NULL OR (CAST(?5 AS timestamptz) IS NOT NULL AND until >= ?5)))""")
                .setParameter(1, address).setParameter(2, reason).setParameter(3, detail).setParameter(4, now)
                .setParameter(5, until).executeUpdate());
    }

    public void blockCase(long caseId, String reason, String detail, Duration duration) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> em.createNativeQuery("""
                INSERT INTO case_blocks (case_id, reason, detail, created_at, until)
                SELECT ?1, ?2, ?3, ?4, ?5
                 WHERE NOT EXISTS (SELECT 1 FROM case_blocks WHERE case_id = ?1 AND cleared_at IS NULL AND until > ?4)""")
                .setParameter(1, caseId).setParameter(2, reason).setParameter(3, detail).setParameter(4, now)
                .setParameter(5, now.plus(duration)).executeUpdate());
    }

    /** Blocks in force now. */
    @SuppressWarnings("unchecked")
    public List<Block> active() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return database.inTransaction(em -> {
            List<Block> out = new ArrayList<>();
            for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                    SELECT id, address, reason, detail, created_at, until FROM address_blocks
                     WHERE cleared_at IS NULL AND (until IS NULL OR until > ?1) ORDER BY id""")
                    .setParameter(1, now).getResultList()) {
                out.add(new Block("address", ((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                        Times.of(r[4]), Times.of(r[5])));
            }
            for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                    SELECT b.id, c.number, b.reason, b.detail, b.created_at, b.until FROM case_blocks b
                      JOIN cases c ON c.id = b.case_id
                     WHERE b.cleared_at IS NULL AND b.until > ?1 ORDER BY b.id""")
                    .setParameter(1, now).getResultList()) {
                out.add(new Block("case", ((Number) r[0]).longValue(), "case " + r[1], (String) r[2], (String) r[3],
                        Times.of(r[4]), Times.of(r[5])));
            }
            return out;
        });
    }

    /** Clears a block and records who did it; false when there was no such block in force. */
    public boolean clear(String kind, long id, String operator) {
        String table = switch (kind) {
            case "address" -> "address_blocks";
            case "case" -> "case_blocks";
            default -> throw new IllegalArgumentException("a block is of kind 'address' or 'case', not '" + kind + "'");
        };
        return database.inTransaction(em -> em.createNativeQuery("UPDATE " + table
                        + " SET cleared_at = ?2, cleared_by = ?3 WHERE id = ?1 AND cleared_at IS NULL")
                .setParameter(1, id).setParameter(2, OffsetDateTime.now(clock)).setParameter(3, operator)
                .executeUpdate()) == 1;
    }

    public Map<String, Object> summary() {
        return Map.of("blocks", active());
    }
}

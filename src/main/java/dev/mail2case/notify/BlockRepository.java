package dev.mail2case.notify;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** The blocks in PostgreSQL: address blocks and case blocks, each with why, since and until when. */
public class BlockRepository {

    /** Adds an address block unless one in force lasts at least as long (or has no end); null until means open-ended. */
    public void blockAddress(EntityManager em, String address, String reason, String detail, OffsetDateTime now,
                             OffsetDateTime until) {
        Jdbc.update(em, """
                INSERT INTO address_blocks (address, reason, detail, created_at, until)
                SELECT lower(?), ?, ?, ?, CAST(? AS timestamptz)
                 WHERE NOT EXISTS (SELECT 1 FROM address_blocks WHERE lower(address) = lower(?) AND cleared_at IS NULL
                                      AND (until IS NULL OR (CAST(? AS timestamptz) IS NOT NULL AND until >= ?)))""",
                address, reason, detail, now, until, address, until, until);
    }

    /** Adds a case block unless one is in force. */
    public void blockCase(EntityManager em, long caseId, String reason, String detail, OffsetDateTime now,
                          OffsetDateTime until) {
        Jdbc.update(em, """
                INSERT INTO case_blocks (case_id, reason, detail, created_at, until)
                SELECT ?, ?, ?, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM case_blocks WHERE case_id = ? AND cleared_at IS NULL AND until > ?)""",
                caseId, reason, detail, now, until, caseId, now);
    }

    /** Blocks in force at {@code now}: address blocks, then case blocks, each oldest first. */
    public List<Blocks.Block> active(EntityManager em, OffsetDateTime now) {
        List<Blocks.Block> out = new ArrayList<>(Jdbc.list(em, """
                SELECT id, address, reason, detail, created_at, until FROM address_blocks
                 WHERE cleared_at IS NULL AND (until IS NULL OR until > ?) ORDER BY id""",
                rs -> new Blocks.Block("address", rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Jdbc.time(rs, 5), Jdbc.time(rs, 6)), now));
        out.addAll(Jdbc.list(em, """
                SELECT b.id, c.number, b.reason, b.detail, b.created_at, b.until FROM case_blocks b
                  JOIN cases c ON c.id = b.case_id
                 WHERE b.cleared_at IS NULL AND b.until > ? ORDER BY b.id""",
                rs -> new Blocks.Block("case", rs.getLong(1), "case " + rs.getLong(2), rs.getString(3),
                        rs.getString(4), Jdbc.time(rs, 5), Jdbc.time(rs, 6)), now));
        return out;
    }

    /** Clears a block in force; false when there was none with this id. */
    public boolean clear(EntityManager em, String kind, long id, String operator, OffsetDateTime at) {
        String table = switch (kind) {
            case "address" -> "address_blocks";
            case "case" -> "case_blocks";
            default -> throw new IllegalArgumentException("a block is of kind 'address' or 'case', not '" + kind + "'");
        };
        return Jdbc.update(em, "UPDATE " + table + " SET cleared_at = ?, cleared_by = ? WHERE id = ? AND cleared_at IS NULL",
                at, operator, id) == 1;
    }
}

package dev.mail2case.notify;

import dev.mail2case.config.Database;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
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
    private final BlockRepository rows = new BlockRepository();

    public Blocks(Database database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Blocks an address; null duration means until cleared. A longer block already in force is kept. */
    public void blockAddress(String address, String reason, String detail, Duration duration) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime until = duration == null ? null : now.plus(duration);
        database.inTransaction(em -> {
            rows.blockAddress(em, address, reason, detail, now, until);
            return null;
        });
    }

    public void blockCase(long caseId, String reason, String detail, Duration duration) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        database.inTransaction(em -> {
            rows.blockCase(em, caseId, reason, detail, now, now.plus(duration));
            return null;
        });
    }

    /** Blocks in force now. */
    public List<Block> active() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return database.inTransaction(em -> rows.active(em, now));
    }

    /** Clears a block and records who did it; false when there was no such block in force. */
    public boolean clear(String kind, long id, String operator) {
        return database.inTransaction(em -> rows.clear(em, kind, id, operator, OffsetDateTime.now(clock)));
    }

    public Map<String, Object> summary() {
        return Map.of("blocks", active());
    }
}

package dev.mail2case.intake;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

/**
 * Claims a mail inside the transaction that records it. When two replicas hold the same mail (during a
 * failover, or two pollers on one mailbox) the second insert waits for the first transaction and then
 * does nothing: that replica lost, and leaves the mail to the one that recorded it.
 */
public final class MailClaim {
    private MailClaim() {
    }

    /** Thrown by the replica that lost: not a failure of the mail, which already has its record. */
    public static final class Lost extends RuntimeException {
        public Lost(String account, String key) {
            super("Mail " + key + " on account " + account + " was recorded by another replica");
        }
    }

    /** Claims the mail for this transaction, or throws {@link Lost}. */
    public static void claim(EntityManager em, String account, String key) {
        int inserted = Jdbc.update(em, """
                INSERT INTO inbound_claims (account, idempotency_key) VALUES (?, ?)
                ON CONFLICT (account, idempotency_key) DO NOTHING""", account, key);
        if (inserted == 0) {
            throw new Lost(account, key);
        }
    }
}

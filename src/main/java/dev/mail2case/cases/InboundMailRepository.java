package dev.mail2case.cases;

import dev.mail2case.config.Jdbc;
import dev.mail2case.intake.MailClaim;
import dev.mail2case.mail.InboundMail;
import jakarta.persistence.EntityManager;

import java.io.ByteArrayInputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;

/**
 * The intake record of each mail taken ({@code inbound_mail}): the raw mail exactly as it came, what
 * became of it, and the claim that makes recording it idempotent across replicas.
 */
public class InboundMailRepository {

    /** One mail as taken from {@code account}, and its outcome, written once. */
    public record NewInbound(String account, String key, byte[] raw, InboundMail mail, OffsetDateTime receivedAt,
                             String outcome, String outcomeDetail) {
    }

    /** Claims the mail for this transaction; throws {@link MailClaim.Lost} when another replica has it. */
    public void claim(EntityManager em, String account, String key) {
        MailClaim.claim(em, account, key);
    }

    /** Writes the intake row; the raw mail goes as a stream, once, and only the id comes back. */
    public long insert(EntityManager em, NewInbound in) {
        InboundMail mail = in.mail();
        return Jdbc.on(em, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO inbound_mail (account, idempotency_key, message_id, from_address, subject, received_at,
                                              outcome, outcome_detail, defects, raw)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", new String[]{"id"})) {
                ps.setString(1, in.account());
                ps.setString(2, in.key());
                ps.setString(3, truncate(mail.messageId(), 998));
                ps.setString(4, mail.from() == null ? null : truncate(mail.from().address(), 998));
                ps.setString(5, mail.subject());
                ps.setObject(6, in.receivedAt());
                ps.setString(7, in.outcome());
                ps.setString(8, in.outcomeDetail());
                ps.setString(9, mail.defects().isEmpty() ? null : String.join("\n", mail.defects()));
                if (in.raw() == null) {
                    ps.setNull(10, java.sql.Types.BINARY);
                } else {
                    ps.setBinaryStream(10, new ByteArrayInputStream(in.raw()), in.raw().length);
                }
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /** The mail is recorded: its earlier failed tries no longer count towards quarantine. */
    public void clearFailures(EntityManager em, String account, String key) {
        Jdbc.update(em, "DELETE FROM inbound_failures WHERE account = ? AND idempotency_key = ?", account, key);
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

}

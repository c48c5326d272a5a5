package dev.mail2case.thread;

import dev.mail2case.config.Jdbc;
import jakarta.persistence.EntityManager;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * What threading reads of the cases: a case by its number or by a Message-ID it holds (a mail on it
 * or one we sent about it), and who takes part in it.
 */
public class ThreadRepository {

    /** A case as threading needs it. */
    public record CaseState(long id, long number, String status, OffsetDateTime closedAt) {
        public boolean closed() {
            return "CLOSED".equals(status);
        }
    }

    public Optional<CaseState> byNumber(EntityManager em, long number) {
        return Jdbc.first(em, "SELECT id, number, status, closed_at FROM cases WHERE number = ?",
                ThreadRepository::state, number);
    }

    /** The case a mail on it, or a mail we sent about it, has this Message-ID. */
    public Optional<CaseState> byMessageId(EntityManager em, String messageId) {
        return Jdbc.first(em, """
                SELECT c.id, c.number, c.status, c.closed_at FROM cases c
                 WHERE c.id IN (SELECT case_id FROM case_messages WHERE message_id = ?
                                UNION SELECT case_id FROM outbox WHERE message_id = ?)
                 LIMIT 1""", ThreadRepository::state, messageId, messageId);
    }

    /**
     * The case's sender, its contact, its client's contacts, its assignee, anyone who wrote on it as a
     * participant or was copied on such a mail, and anyone we sent its mail to. An outsider's earlier
     * reply does not make them a participant.
     */
    public boolean isParticipant(EntityManager em, long caseId, String address) {
        String a = address.toLowerCase(Locale.ROOT);
        return Jdbc.first(em, """
                SELECT 1 FROM cases c WHERE c.id = ? AND lower(c.sender_address) = ?
                UNION ALL SELECT 1 FROM cases c JOIN contacts p ON p.id IN (c.contact_id, c.assignee_id)
                           WHERE c.id = ? AND lower(p.email) = ?
                UNION ALL SELECT 1 FROM cases c JOIN contacts p ON p.client_id = c.client_id
                           WHERE c.id = ? AND p.kind = 'CLIENT_CONTACT' AND lower(p.email) = ?
                UNION ALL SELECT 1 FROM case_messages m WHERE m.case_id = ? AND lower(m.from_address) = ?
                                                           AND NOT m.non_participant
                UNION ALL SELECT 1 FROM case_messages m WHERE m.case_id = ? AND NOT m.non_participant
                                                           AND ? = ANY (string_to_array(m.recipients, chr(10)))
                UNION ALL SELECT 1 FROM outbox o WHERE o.case_id = ? AND lower(o.recipient) = ?
                LIMIT 1""", rs -> true, caseId, a, caseId, a, caseId, a, caseId, a, caseId, a, caseId, a)
                .isPresent();
    }

    private static CaseState state(ResultSet rs) throws SQLException {
        return new CaseState(rs.getLong(1), rs.getLong(2), rs.getString(3), Jdbc.time(rs, 4));
    }
}

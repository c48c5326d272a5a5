package dev.mail2case.thread;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.identify.SenderTrust;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Stage {@code thread}: does the mail join an existing case? First by our case token in the subject,
 * then by In-Reply-To/References to any Message-ID stored on a case. A closed case is reopened, or a
 * new linked case opened, or the reply refused, as the account says; a reply from someone not on the
 * case is added flagged, or opens a new case. An unknown case number opens a new case that records it.
 */
public class Threader {

    /** What threading decided, for the record stage and {@code inspect --explain}. */
    public record Decision(Long caseId, Long caseNumber, String how, boolean reopen, boolean nonParticipant,
                           Long linkTo, Long unknownReference, String refusal) {
    }

    private final Database database;
    private final CaseNumberFormat token;
    private final Map<String, AccountSettings> accounts;
    private final Clock clock;
    private final ThreadRepository cases = new ThreadRepository();

    public Threader(Database database, CaseNumberFormat token, Map<String, AccountSettings> accounts, Clock clock) {
        this.database = database;
        this.token = token;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The route sets {@link Pipeline#OUTCOME} to what this returns; the decision goes in {@link Pipeline#THREAD}. */
    public Outcome thread(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        boolean automatic = exchange.getProperty(Pipeline.NO_AUTO_REPLY) != null;
        SenderTrust.Verdict trust = exchange.getProperty(Pipeline.SENDER_TRUST, SenderTrust.Verdict.class);
        Outcome before = exchange.getProperty(Pipeline.OUTCOME, Outcome.class);
        if (trust != null && trust.refused() && before == Outcome.REJECT) {
            // refused for its From: it joins no case either
            exchange.setProperty(Pipeline.THREAD, new Decision(null, null, "not threaded: " + trust.flag(),
                    false, false, null, null, null));
            return before;
        }
        Decision d = decide(account, mail, automatic, trust != null && trust.unmatched());
        exchange.setProperty(Pipeline.THREAD, d);
        Outcome outcome = outcome(before, d);
        if (outcome == Outcome.REJECT && d.refusal() != null) {
            exchange.setProperty(Pipeline.REFUSAL, d.refusal());
        }
        return outcome;
    }

    /** A mail that joins a case is a reply; a refused reply is rejected, unless it is automatic mail (only kept). */
    public static Outcome outcome(Outcome before, Decision d) {
        if (d.caseId() != null) {
            return Outcome.REPLY;
        }
        if (d.refusal() != null && before != Outcome.AUTOMATIC) {
            return Outcome.REJECT;
        }
        return before;
    }

    public Decision decide(AccountSettings account, InboundMail mail, boolean automatic) {
        return decide(account, mail, automatic, false);
    }

    /** @param unverifiedSender the From failed our server's checks: it is nobody's address on the case */
    public Decision decide(AccountSettings account, InboundMail mail, boolean automatic, boolean unverifiedSender) {
        return database.read(em -> {
            OptionalLong number = token.find(mail.subject());
            ThreadRepository.CaseState found = null;
            String how = null;
            Long unknown = null;
            if (number.isPresent()) {
                found = cases.byNumber(em, number.getAsLong()).orElse(null);
                how = "case number " + token.token(number.getAsLong()) + " in the subject";
                if (found == null) {
                    unknown = number.getAsLong();
                }
            }
            if (found == null) {
                for (String ref : ReplyReferences.candidates(mail)) {
                    found = cases.byMessageId(em, ref).orElse(null);
                    if (found != null) {
                        how = "References/In-Reply-To <" + ref + ">";
                        break;
                    }
                }
            }
            if (found == null) {
                return new Decision(null, null, unknown == null ? "no case token or known reference"
                        : "case number " + token.token(unknown) + " is unknown: a new case records it",
                        false, false, null, unknown, null);
            }
            long caseId = found.id();
            long caseNumber = found.number();
            boolean reopen = false;
            if (found.closed()) {
                OffsetDateTime closedAt = found.closedAt();
                String policy = account.replyToClosed();
                if (policy.equals("reopen-within")) {
                    boolean recent = closedAt != null && Duration.between(closedAt, OffsetDateTime.now(clock))
                            .compareTo(Duration.ofDays(account.reopenWithinDays())) <= 0;
                    policy = recent ? "reopen" : "new-linked";
                    how += "; closed " + (recent ? "within " : "more than ") + account.reopenWithinDays() + " days ago";
                }
                if (automatic) {
                    how += "; an automatic reply never reopens a case";
                } else if (policy.equals("reopen")) {
                    reopen = true;
                    how += "; the closed case is reopened";
                } else if (policy.equals("new-linked")) {
                    return new Decision(null, null, how + "; the case is closed: a new case linked to it",
                            false, false, caseId, null, null);
                } else {
                    return new Decision(null, null, how + "; the case is closed", false, false, null, null,
                            "case " + token.token(caseNumber) + " is closed, so your reply was not added."
                                    + " Please write a new mail without the case number for a new request.");
                }
            }
            boolean participant = !unverifiedSender && mail.from() != null
                    && cases.isParticipant(em, caseId, mail.from().normalized());
            if (!participant && account.nonParticipant().equals("new-case") && !automatic) {
                return new Decision(null, null, how + "; the sender is not on the case: a new case linked to it",
                        false, false, caseId, null, null);
            }
            return new Decision(caseId, caseNumber, how + (participant ? "" : "; from a non-participant"),
                    reopen, !participant, null, null, null);
        });
    }
}

package dev.mail2case;

import dev.mail2case.assign.Assigner;
import dev.mail2case.assign.Assignment;
import dev.mail2case.identify.SenderGate;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.thread.Threader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The stages' decisions as plain functions: what each outcome the routes branch on comes from. */
class OutcomeDecisionsTest {
    private static final Threader.Decision JOINS_CASE_7 =
            new Threader.Decision(7L, 1007L, "case number in the subject", false, false, null, null, null);
    private static final Threader.Decision CLOSED_CASE_REFUSED =
            new Threader.Decision(null, null, "the case is closed", false, false, null, null, "case 1007 is closed");
    private static final Threader.Decision NO_CASE =
            new Threader.Decision(null, null, "no case token or known reference", false, false, null, null, null);

    @Test
    void automaticMailIsOnlyKeptWhoeverSentItAndWhateverThePolicy() {
        assertEquals(Outcome.AUTOMATIC, SenderGate.decide("auto-reply", true, "accept-unregistered"));
        assertEquals(Outcome.AUTOMATIC, SenderGate.decide("delivery-report", false, "reject"));
    }

    @Test
    void aKnownSenderOpensACaseEvenWhereUnknownSendersAreRejected() {
        assertEquals(Outcome.NEW_CASE, SenderGate.decide("message", true, "reject"));
        assertEquals(Outcome.NEW_CASE, SenderGate.decide(null, true, "ignore"));
    }

    @Test
    void anUnknownSenderGetsTheAccountsPolicy() {
        assertEquals(Outcome.REJECT, SenderGate.decide("message", false, "reject"));
        assertEquals(Outcome.IGNORE, SenderGate.decide("message", false, "ignore"));
        assertEquals(Outcome.NEW_CASE_UNREGISTERED, SenderGate.decide("message", false, "accept-unregistered"));
        assertEquals(Outcome.NEW_CASE_UNREGISTERED, SenderGate.decide("message", false, null));
    }

    @Test
    void mailThatJoinsACaseIsAReplyWhateverIdentifyDecided() {
        for (Outcome before : Outcome.values()) {
            assertEquals(Outcome.REPLY, Threader.outcome(before, JOINS_CASE_7), before.name());
        }
    }

    @Test
    void aRefusedReplyIsRejectedButRefusedAutomaticMailIsOnlyKept() {
        assertEquals(Outcome.REJECT, Threader.outcome(Outcome.NEW_CASE, CLOSED_CASE_REFUSED));
        assertEquals(Outcome.REJECT, Threader.outcome(Outcome.IGNORE, CLOSED_CASE_REFUSED));
        assertEquals(Outcome.AUTOMATIC, Threader.outcome(Outcome.AUTOMATIC, CLOSED_CASE_REFUSED));
    }

    @Test
    void mailThatJoinsNoCaseKeepsIdentifysOutcome() {
        assertEquals(Outcome.IGNORE, Threader.outcome(Outcome.IGNORE, NO_CASE));
        assertEquals(Outcome.NEW_CASE_UNREGISTERED, Threader.outcome(Outcome.NEW_CASE_UNREGISTERED, NO_CASE));
    }

    @Test
    void aRefusedAssignmentRejectsTheNewCase() {
        Assignment refused = new Assignment(null, null, null, null, null, null, List.of(),
                "an employee with neither default job nor office");
        Assignment queued = new Assignment(null, null, null, null, null, Assignment.UNASSIGNED, List.of(), null);
        assertEquals(Outcome.REJECT, Assigner.outcome(Outcome.NEW_CASE, refused));
        assertEquals(Outcome.NEW_CASE_UNREGISTERED, Assigner.outcome(Outcome.NEW_CASE_UNREGISTERED, queued));
    }

    @Test
    void theLabelsAreTheWordsOfTheSettingsAndOfInspect() {
        assertEquals("accept", Outcome.NEW_CASE.label());
        assertEquals("accept-unregistered", Outcome.NEW_CASE_UNREGISTERED.label());
        assertEquals("reply", Outcome.REPLY.label());
    }
}

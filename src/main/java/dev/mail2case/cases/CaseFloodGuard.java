package dev.mail2case.cases;

import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * A case that draws a flood of mail (more than the limit within the window) gets its automatic mail
 * blocked for a while, so a loop between two robots ends on our side.
 */
public class CaseFloodGuard {

    /** Blocks automatic mail about a case, with why and for how long. */
    @FunctionalInterface
    public interface Blocker {
        void blockCase(long caseId, String reason, String detail, Duration duration);
    }

    private final CaseRepository cases;
    private final Blocker blocker;
    private final int limit;
    private final Duration window;
    private final Duration block;

    public CaseFloodGuard(CaseRepository cases, Blocker blocker, int limit, Duration window, Duration block) {
        this.cases = cases;
        this.blocker = blocker;
        this.limit = limit;
        this.window = window;
        this.block = block;
    }

    /** Inside the transaction that added a mail: how many the case took within the window. */
    public long weigh(EntityManager em, long caseId, OffsetDateTime now) {
        return cases.messagesSince(em, caseId, now.minus(window));
    }

    /** After the commit: blocks the case's automatic mail when it took more than the limit. */
    public void settle(long caseId, long recent) {
        if (recent > limit) {
            blocker.blockCase(caseId, "flood", recent + " mails within " + window.toHours() + " hours", block);
        }
    }
}

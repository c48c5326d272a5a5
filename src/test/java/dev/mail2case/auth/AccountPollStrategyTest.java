package dev.mail2case.auth;

import dev.mail2case.support.MovableClock;
import jakarta.mail.AuthenticationFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountPollStrategyTest {
    private final MovableClock clock = new MovableClock();
    private final AccountStatus status = new AccountStatus(clock);
    private final AccountPollStrategy strategy = new AccountPollStrategy("support", status, null,
            day -> Optional.empty(), clock, 30_000, 4);

    /** Whether a poll may start now, and after how many seconds it first may. */
    private long secondsUntilNextPoll() {
        long seconds = 0;
        while (!strategy.begin(null, null)) {
            clock.advance(Duration.ofSeconds(1));
            seconds++;
        }
        return seconds;
    }

    @Test
    void failedPollsWaitOneIntervalThenTwiceAsLongEachTimeUpToTheLimitAndASuccessResetsIt() {
        status.register("support", "poll imap");
        assertTrue(strategy.begin(null, null));
        for (long expected : new long[] {30, 60, 120, 120}) {
            strategy.rollback(null, null, 0, new AuthenticationFailedException("[AUTHENTICATIONFAILED] Authentication failed."));
            assertEquals(expected, secondsUntilNextPoll());
        }
        assertEquals(AccountStatus.State.DEGRADED, status.get("support").state());
        assertEquals("login refused by the mail server: [AUTHENTICATIONFAILED] Authentication failed.",
                status.get("support").lastError());
        assertEquals(4, status.get("support").failures());

        strategy.commit(null, null, 1);
        assertEquals(AccountStatus.State.UP, status.get("support").state());
        strategy.rollback(null, null, 0, new IllegalStateException("connection reset"));
        assertEquals(30, secondsUntilNextPoll(), "after a success the backoff starts again at one interval");
        assertEquals("IllegalStateException: connection reset", status.get("support").lastError());
    }
}

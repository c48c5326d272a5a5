package dev.mail2case.metrics;

import dev.mail2case.auth.AccountPollStrategy;
import dev.mail2case.auth.AccountStatus;
import dev.mail2case.support.MovableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.AuthenticationFailedException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A poll is recorded once, in the account status, and health, the console and the metrics all read that record. */
class AccountPollFiguresTest {
    private final MovableClock clock = new MovableClock();
    private final AccountStatus status = new AccountStatus(clock);
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AccountPollStrategy strategy = new AccountPollStrategy("support", status, null,
            day -> Optional.empty(), clock, 30_000, 4);

    private double polls(String result) {
        return meters.get("mail2case.account.polls").tags("account", "support", "result", result).counter().count();
    }

    private double lastPollSeconds() {
        return meters.get("mail2case.account.last.poll.timestamp").tag("account", "support").gauge().value();
    }

    @Test
    void healthTheConsoleAndTheMetricsReadTheOneRecordOfEachPoll() {
        status.register("support", "poll imap");
        new MailMetrics(meters, null, Duration.ofMinutes(1)).watch(status);
        assertEquals(0, lastPollSeconds(), "no poll yet");

        strategy.commit(null, null, 3);
        Instant polled = clock.instant();
        AccountStatus.Entry e = status.get("support");
        assertEquals(polled, e.lastPoll());
        assertEquals(3, e.lastPollMails());
        assertEquals(polled.getEpochSecond(), lastPollSeconds());
        assertEquals(1, polls("ok"));

        clock.advance(Duration.ofMinutes(1));
        strategy.rollback(null, null, 0, new AuthenticationFailedException("LOGIN failed."));
        e = status.get("support");
        assertEquals("login refused by the mail server: LOGIN failed.", e.lastError(), "the reason health gives");
        assertEquals("AuthenticationFailedException: LOGIN failed.", e.lastErrorThrown(), "the error the console shows");
        assertEquals(clock.instant(), e.lastErrorAt());
        assertEquals(clock.instant(), e.lastPoll());
        assertEquals(1, polls("failed"));
        assertEquals(polled.getEpochSecond(), lastPollSeconds(), "the metric keeps the last successful poll");
        assertEquals("DEGRADED", status.json().get(0).path("state").asText());
        assertEquals(e.lastError(), status.json().get(0).path("lastError").asText());
    }
}

package dev.mail2case.push;

import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;

import java.util.concurrent.TimeUnit;

/**
 * Runs a mail account's polls at a fixed delay, like Camel's own scheduler, and also at once when IMAP
 * IDLE reports new mail ({@link #pollNow()}). Both run on the same single thread, so two polls of one
 * account never overlap.
 */
public class PollScheduler extends DefaultScheduledPollConsumerScheduler {
    private volatile Runnable task;
    private final ImapIdle idle;

    /** @param idle the IDLE watcher to start and stop with the polls, or null to poll only */
    public PollScheduler(long delayMillis, ImapIdle idle) {
        setInitialDelay(Math.min(1000, delayMillis));
        setDelay(delayMillis);
        setTimeUnit(TimeUnit.MILLISECONDS);
        setUseFixedDelay(true);
        this.idle = idle;
    }

    @Override
    public void scheduleTask(Runnable task) {
        this.task = task;
        super.scheduleTask(task);
    }

    @Override
    public void startScheduler() {
        super.startScheduler();
        if (idle != null) {
            idle.start(this::pollNow);
        }
    }

    /** The IDLE watcher, or null when the account is only polled. */
    public ImapIdle idle() {
        return idle;
    }

    /** A poll as soon as the one running (if any) is done. */
    public void pollNow() {
        Runnable t = task;
        var executor = getScheduledExecutorService();
        if (t != null && executor != null && !executor.isShutdown()) {
            executor.execute(t);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (idle != null) {
            idle.stop();
        }
        super.doStop();
    }
}

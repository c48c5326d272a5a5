package dev.mail2case.push;

import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.DefaultScheduledPollConsumerScheduler;
import org.apache.camel.support.ScheduledBatchPollingConsumer;

import java.util.concurrent.TimeUnit;

/**
 * Runs a mail account's polls at a fixed delay, like Camel's own scheduler, and also at once when IMAP
 * IDLE reports new mail ({@link #pollNow()}), and again at once after a full poll whose last mail was
 * committed ({@link #afterMail}), so a backlog drains at the pipeline's pace rather than a poll's worth per
 * delay. All run on the same single thread, so two polls of one account never overlap; the poll ends only
 * when every mail it handed to the account's consumer threads is done.
 */
public class PollScheduler extends DefaultScheduledPollConsumerScheduler {
    private volatile Runnable task;
    private volatile int perPoll;
    /** The poll under way: whether it took new mail, and whether its last mail of a full poll committed. */
    private boolean tookNew;
    private boolean fullAndLastCommitted;
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
        Runnable poll = () -> {
            startPoll();
            try {
                task.run();
            } finally {
                endPoll();
            }
        };
        this.task = poll;
        super.scheduleTask(poll);
    }

    private synchronized void startPoll() {
        tookNew = false;
        fullAndLastCommitted = false;
    }

    /** Decided once the poll is over, when every mail it took is done (on whichever thread took it). */
    private void endPoll() {
        boolean again;
        synchronized (this) {
            again = tookNew && fullAndLastCommitted;
        }
        if (again) {
            pollNow();
        }
    }

    @Override
    public void onInit(Consumer consumer) {
        super.onInit(consumer);
        if (consumer instanceof ScheduledBatchPollingConsumer batch) {
            perPoll = batch.getMaxMessagesPerPoll();
        }
    }

    /**
     * Called after each mail is committed. When the poll was full, took at least one new mail and its last
     * mail committed, more mail is likely waiting, so the next poll follows this one at once. Otherwise the
     * delay is waited as usual: a poll whose last mail failed, or one of mail already taken (a server that
     * would not flag it seen), never turns into a tight loop.
     *
     * @param taken whether this mail was new (not one already on record)
     */
    public synchronized void afterMail(Exchange exchange, boolean taken) {
        Integer size = exchange.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class);
        if (size == null) {
            return;
        }
        tookNew |= taken;
        boolean last = Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class));
        if (last && perPoll > 0 && size >= perPoll && exchange.getException() == null) {
            fullAndLastCommitted = true;
        }
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

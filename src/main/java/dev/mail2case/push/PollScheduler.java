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
 * delay. All run on the same single thread, so two polls of one account never overlap.
 */
public class PollScheduler extends DefaultScheduledPollConsumerScheduler {
    private volatile Runnable task;
    private volatile int perPoll;
    /** The poll thread's own view of the poll under way (one thread per account). */
    private int lastIndex = Integer.MAX_VALUE;
    private boolean tookNew;
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
    public void onInit(Consumer consumer) {
        super.onInit(consumer);
        if (consumer instanceof ScheduledBatchPollingConsumer batch) {
            perPoll = batch.getMaxMessagesPerPoll();
        }
    }

    /**
     * Called after each mail is committed: when it was the last of a full poll and the poll took at least
     * one new mail, more mail is likely waiting, so the next poll follows this one at once. Otherwise the
     * delay is waited as usual: a poll whose last mail failed, or one of mail already taken (a server that
     * would not flag it seen), never turns into a tight loop.
     *
     * @param taken whether this mail was new (not one already on record)
     */
    public void afterMail(Exchange exchange, boolean taken) {
        Integer index = exchange.getProperty(ExchangePropertyKey.BATCH_INDEX, Integer.class);
        Integer size = exchange.getProperty(ExchangePropertyKey.BATCH_SIZE, Integer.class);
        if (index == null || size == null) {
            return;
        }
        if (index <= lastIndex) {
            tookNew = false; // a new poll
        }
        lastIndex = index;
        tookNew |= taken;
        boolean last = Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.BATCH_COMPLETE, Boolean.class));
        if (last && tookNew && perPoll > 0 && size >= perPoll && exchange.getException() == null) {
            pollNow();
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

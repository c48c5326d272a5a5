package dev.mail2case.intake;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An account's consumer threads, each taking its mails in the order the poller hands them over. Within a
 * poll, a mail goes to the thread that already has a mail it shares a key with (its sender, a Message-ID
 * of its thread, its case), so a reply never overtakes its original and one sender's mails never race each
 * other; a mail with no such tie goes to the least busy thread. A mail with no keys at all (its bytes are
 * fetched when it is taken: large mail) waits until every thread is idle and runs alone on the poller's
 * own thread, so only one large mail is in memory at a time. Only the poller's thread hands mail over.
 */
final class MailLanes {
    private static final Logger LOG = LoggerFactory.getLogger(MailLanes.class);

    /** One mail's work; failures are the work's own to record. */
    interface Work {
        void run() throws Exception;
    }

    private final ExecutorService[] lanes;
    private final AtomicInteger[] queued;
    private final Future<?>[] last;
    /** Which thread holds each key in the poll under way. */
    private final Map<String, Integer> owner = new HashMap<>();
    private int next;

    MailLanes(String name, int threads) {
        lanes = new ExecutorService[threads];
        queued = new AtomicInteger[threads];
        last = new Future<?>[threads];
        for (int i = 0; i < threads; i++) {
            String thread = name + "-" + (i + 1);
            lanes[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, thread);
                t.setDaemon(true);
                return t;
            });
            queued[i] = new AtomicInteger();
        }
    }

    /** A new poll: every thread is idle, and keys of the last poll tie nothing any more. */
    void newPoll() {
        owner.clear();
    }

    /**
     * Hands one mail to a thread and returns at once; with null keys, waits for every thread and runs the
     * mail here.
     */
    void hand(Collection<String> keys, Work work) throws Exception {
        if (keys == null) {
            awaitAll();
            work.run();
            return;
        }
        int lane = -1;
        List<Integer> others = new ArrayList<>();
        for (String key : keys) {
            Integer held = owner.get(key);
            if (held == null) {
                continue;
            }
            if (lane < 0) {
                lane = held;
            } else if (held != lane && !others.contains(held)) {
                others.add(held);
            }
        }
        // Tied to mails on two threads: those on the others finish first, then this one follows on the first.
        for (int other : others) {
            await(other);
        }
        if (lane < 0) {
            lane = leastBusy();
        }
        for (String key : keys) {
            owner.put(key, lane);
        }
        AtomicInteger count = queued[lane];
        count.incrementAndGet();
        last[lane] = lanes[lane].submit(() -> {
            try {
                work.run();
            } finally {
                count.decrementAndGet();
            }
            return null;
        });
    }

    private int leastBusy() {
        int best = -1;
        for (int i = 0; i < lanes.length; i++) {
            int lane = (next + i) % lanes.length;
            if (best < 0 || queued[lane].get() < queued[best].get()) {
                best = lane;
            }
        }
        next = (best + 1) % lanes.length;
        return best;
    }

    /** Returns when every mail handed over so far is done. */
    void awaitAll() throws InterruptedException {
        for (int i = 0; i < lanes.length; i++) {
            await(i);
        }
    }

    private void await(int lane) throws InterruptedException {
        Future<?> f = last[lane];
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (ExecutionException e) {
            // The work records its own failures; what escapes it (an Error) is at least told.
            LOG.error("A mail's consumer thread failed outside its route; the mail stays on the server for the"
                    + " next poll", e.getCause());
        }
    }

    /** Lets the mails handed over finish (up to the grace time), then ends the threads. */
    void stop(long graceMillis) throws InterruptedException {
        for (ExecutorService lane : lanes) {
            lane.shutdown();
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        for (ExecutorService lane : lanes) {
            lane.awaitTermination(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        for (ExecutorService lane : lanes) {
            lane.shutdownNow();
        }
    }
}

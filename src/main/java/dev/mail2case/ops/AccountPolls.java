package dev.mail2case.ops;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.support.EventNotifierSupport;
import org.apache.camel.support.ScheduledPollConsumer;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each account last polled and how its last failed poll went: Camel counts polls but keeps no
 * times, so each account poller's poll strategy is wrapped as its route starts.
 */
public class AccountPolls extends EventNotifierSupport {
    /** What the console shows of an account's polling. */
    public static final class Poll {
        volatile OffsetDateTime lastPollAt;
        volatile int lastPollMessages;
        volatile OffsetDateTime lastErrorAt;
        volatile String lastError;
    }

    private final Map<String, Poll> polls = new ConcurrentHashMap<>();

    /** The polling of the account with this id, or null when its poller has not started. */
    public Poll of(String accountId) {
        return polls.get("account-" + accountId);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.RouteStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Route route = ((CamelEvent.RouteStartedEvent) event).getRoute();
        if (route.getRouteId().startsWith("account-") && route.getConsumer() instanceof ScheduledPollConsumer poller
                && !(poller.getPollStrategy() instanceof Watching)) {
            Poll poll = polls.computeIfAbsent(route.getRouteId(), k -> new Poll());
            poller.setPollStrategy(new Watching(poller.getPollStrategy(), poll));
        }
    }

    private record Watching(PollingConsumerPollStrategy delegate, Poll poll) implements PollingConsumerPollStrategy {
        @Override
        public boolean begin(Consumer consumer, Endpoint endpoint) {
            return delegate.begin(consumer, endpoint);
        }

        @Override
        public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            poll.lastPollAt = OffsetDateTime.now(ZoneOffset.UTC);
            poll.lastPollMessages = polledMessages;
            delegate.commit(consumer, endpoint, polledMessages);
        }

        @Override
        public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause)
                throws Exception {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            poll.lastPollAt = now;
            poll.lastErrorAt = now;
            poll.lastError = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return delegate.rollback(consumer, endpoint, retryCounter, cause);
        }
    }
}

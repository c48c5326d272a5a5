package dev.mail2case.push;

import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * The account route's last step: hands each committed mail to its poller's {@link PollScheduler}, which
 * polls again at once after a full poll. Kept apart from the scheduler, which Camel would otherwise start
 * as a route bean before its consumer exists.
 */
public class BacklogDrain {

    public void afterMail(Exchange exchange) {
        Route route = exchange.getContext().getRoute(exchange.getFromRouteId());
        if (route != null && route.getConsumer() instanceof ScheduledPollConsumer consumer
                && consumer.getScheduler() instanceof PollScheduler scheduler) {
            scheduler.afterMail(exchange, !Boolean.TRUE.equals(exchange.getProperty(Pipeline.DUPLICATE, Boolean.class)));
        }
    }
}

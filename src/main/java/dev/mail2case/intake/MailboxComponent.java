package dev.mail2case.intake;

import jakarta.mail.Message;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.mail.JavaMailSender;
import org.apache.camel.component.mail.MailComponent;
import org.apache.camel.component.mail.MailConfiguration;
import org.apache.camel.component.mail.MailConsumer;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailMessage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.function.Function;

/**
 * camel-mail's component for the account routes, with one option more: {@code consumers}, the threads
 * that take an IMAP account's mail side by side ({@link MailLanes}). Everything else (the poll, the fetch,
 * the commit's flag, move or delete after each mail's route) is camel-mail's own; each mail's route, commit
 * included, runs on one consumer thread, and a poll ends (its folder closes, its seen flags go) only when
 * every mail it handed over is done.
 * The annotation names camel-mail's own option tables ({@code imap-endpoint}), which Camel finds by it.
 */
@org.apache.camel.spi.annotations.Component("imap")
public class MailboxComponent extends MailComponent {
    /** How long a stopping poller lets its consumer threads finish the mails they hold. */
    private static final long STOP_GRACE_MILLIS = 30_000;

    private final Function<String, OptionalLong> caseNumber;

    /** @param caseNumber the case number in a subject, if any: mails about one case are taken in order */
    public MailboxComponent(Function<String, OptionalLong> caseNumber) {
        this.caseNumber = caseNumber;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        int consumers = getAndRemoveParameter(parameters, "consumers", Integer.class, 1);
        if (consumers < 1) {
            throw new IllegalArgumentException("consumers is " + consumers + " but must be 1 or more");
        }
        // camel-mail builds and configures its own endpoint class; ours is configured from the same options.
        Map<String, Object> again = new LinkedHashMap<>(parameters);
        MailEndpoint plain = (MailEndpoint) super.createEndpoint(uri, remaining, parameters);
        Mailbox endpoint = new Mailbox(uri, this, plain.getConfiguration(), consumers, caseNumber);
        endpoint.setContentTypeResolver(plain.getContentTypeResolver());
        setEndpointHeaderFilterStrategy(endpoint);
        setProperties(endpoint, again);
        return endpoint;
    }

    /** An account's mailbox: camel-mail's endpoint, whose consumer hands mail to its threads. */
    static final class Mailbox extends MailEndpoint {
        private final int consumers;
        private final Function<String, OptionalLong> caseNumber;

        Mailbox(String uri, MailComponent component, MailConfiguration configuration, int consumers,
                Function<String, OptionalLong> caseNumber) {
            super(uri, component, configuration);
            this.consumers = consumers;
            this.caseNumber = caseNumber;
        }

        int consumers() {
            return consumers;
        }

        @Override
        public Consumer createConsumer(Processor processor, JavaMailSender sender) throws Exception {
            if (consumers == 1) {
                return super.createConsumer(processor, sender);
            }
            // As camel-mail sets up its own consumer.
            MailConsumer answer = new LanedConsumer(this, processor, sender);
            answer.setHandleFailedMessage(getConfiguration().isHandleFailedMessage());
            answer.setSkipFailedMessage(getConfiguration().isSkipFailedMessage());
            answer.setMaxMessagesPerPoll(getMaxMessagesPerPoll());
            configureConsumer(answer);
            return answer;
        }
    }

    /** camel-mail's consumer, with each mail's route run on one of the account's threads. */
    static final class LanedConsumer extends MailConsumer {
        private final Mailbox mailbox;
        private MailLanes lanes;

        LanedConsumer(Mailbox mailbox, Processor processor, JavaMailSender sender) {
            super(mailbox, processor, sender);
            this.mailbox = mailbox;
        }

        @Override
        protected void doStart() throws Exception {
            lanes = new MailLanes("mail2case-" + getRouteId() + "-consumer", mailbox.consumers());
            super.doStart();
        }

        @Override
        protected void doStop() throws Exception {
            try {
                super.doStop();
            } finally {
                lanes.stop(STOP_GRACE_MILLIS);
            }
        }

        @Override
        public int processBatch(Queue<Object> exchanges) throws Exception {
            lanes.newPoll();
            try {
                return super.processBatch(exchanges);
            } finally {
                // The folder closes (and the poll's seen flags go) only after every mail's commit.
                lanes.awaitAll();
            }
        }

        @Override
        protected void processExchange(Exchange exchange) throws Exception {
            lanes.hand(keys(exchange), () -> {
                try {
                    super.processExchange(exchange);
                } catch (Exception e) {
                    getExceptionHandler().handleException("Mail could not be taken", exchange, e);
                }
            });
        }

        /** The mail's ties to others, from the bytes its poll fetched; null when it is fetched alone. */
        private Set<String> keys(Exchange exchange) {
            if (exchange.getIn() instanceof MailMessage mail && mail.getOriginalMessage() != null
                    && mailbox.getMailUidGenerator() instanceof MailPrefetch prefetch) {
                Message original = mail.getOriginalMessage();
                byte[] raw = prefetch.peek(original);
                return raw == null ? null : LaneKeys.of(raw, mailbox.caseNumber);
            }
            return null;
        }
    }
}

package dev.mail2case.metrics;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.config.Database;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.pipeline.Pipeline;
import dev.mail2case.screen.Classification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mail2case's own figures, next to Camel's route metrics in the same registry (scraped as Prometheus
 * text on the management port). Counters come from what became of each exchange; the outbox,
 * quarantine and blocks are gauges read from PostgreSQL, so every replica reports the same truth.
 */
public final class MailMetrics extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(MailMetrics.class);
    private static final String ACCOUNT_ROUTE = "account-";

    private final MeterRegistry registry;
    private final Database database;
    private final Duration refresh;
    private final MultiGauge outbox;
    private final MultiGauge notSent;
    private final MultiGauge quarantine;
    private final MultiGauge blocks;
    private final AtomicLong oldestPendingSeconds = new AtomicLong();
    private ScheduledExecutorService refresher;

    public MailMetrics(MeterRegistry registry, Database database, Duration refresh) {
        this.registry = registry;
        this.database = database;
        this.refresh = refresh;
        outbox = MultiGauge.builder("mail2case.outbox.mails")
                .description("Outbox rows by status (PENDING and SENDING wait, SENT, FAILED, NOT_SENT, BLOCKED)")
                .register(registry);
        notSent = MultiGauge.builder("mail2case.outbox.not.sent")
                .description("Outbox rows never sent (NOT_SENT, BLOCKED), by reason").register(registry);
        quarantine = MultiGauge.builder("mail2case.quarantine.mails")
                .description("Quarantined mail per account, not yet replayed").register(registry);
        blocks = MultiGauge.builder("mail2case.blocks.active")
                .description("Address and case blocks in force, by reason").register(registry);
        Gauge.builder("mail2case.outbox.oldest.pending", oldestPendingSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest outbox row still waiting to be sent").register(registry);
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        // Not ignored: Camel reports a send as done (timing the outbox's sends) only to a notifier that took its start.
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    private static final String SEND_ROUTE = "direct://send-outbox-mail";

    /** The account an exchange belongs to when a poller made it, else null (also for the copies an enrich makes). */
    private static String pollerAccount(Exchange exchange) {
        if (exchange.getProperty(Exchange.CORRELATION_ID) != null) {
            return null;
        }
        String route = exchange.getFromRouteId();
        return route != null && route.startsWith(ACCOUNT_ROUTE) ? route.substring(ACCOUNT_ROUTE.length()) : null;
    }

    @Override
    public void notify(CamelEvent event) {
        try {
            if (event instanceof CamelEvent.ExchangeCreatedEvent e) {
                String account = pollerAccount(e.getExchange());
                if (account != null) {
                    counter("mail2case.mails.taken", "Mails taken off the server", "account", account).increment();
                }
            } else if (event instanceof CamelEvent.ExchangeCompletedEvent e) {
                finished(e.getExchange(), false);
            } else if (event instanceof CamelEvent.ExchangeFailedEvent e) {
                finished(e.getExchange(), true);
            } else if (event instanceof CamelEvent.ExchangeSentEvent e && SEND_ROUTE.equals(e.getEndpoint().getEndpointUri())) {
                sent(e.getExchange(), e.getTimeTaken());
            }
        } catch (RuntimeException e) {
            LOG.warn("Metrics not updated: {}", e.toString());
        }
    }

    private void finished(Exchange exchange, boolean failed) {
        String account = pollerAccount(exchange);
        if (account == null) {
            return;
        }
        String outcome = outcome(exchange, failed || exchange.isFailed());
        counter("mail2case.mails", "What became of each mail taken", "account", account, "outcome", outcome).increment();
        if (outcome.equals("failed") || outcome.equals("quarantined")) {
            counter("mail2case.mail.failures", "Failed tries to take a mail (it stays on the server, or is quarantined)",
                    "account", account).increment();
        } else {
            Timer.builder("mail2case.mail.commit").description("From taking a mail off the server to its commit")
                    .tags("account", account).publishPercentileHistogram()
                    .register(registry).record(Duration.ofMillis(exchange.getClock().elapsed()));
        }
        if (outcome.equals("bounce")) {
            Classification c = exchange.getProperty(Pipeline.CLASSIFICATION, Classification.class);
            String reason = c != null && c.bounce() != null && c.bounce().reason() != null ? c.bounce().reason() : "unknown";
            counter("mail2case.bounces", "Bounces received, by reason", "account", account, "reason", reason).increment();
        }
    }

    /** What became of a mail, from the exchange properties the stages leave behind. */
    static String outcome(Exchange exchange, boolean failed) {
        if (Boolean.TRUE.equals(exchange.getProperty(Pipeline.QUARANTINED, Boolean.class))) {
            return "quarantined";
        }
        if (failed) {
            return "failed";
        }
        if (Boolean.TRUE.equals(exchange.getProperty(Pipeline.DUPLICATE, Boolean.class))) {
            return "duplicate";
        }
        if (exchange.getProperty(Pipeline.OWN_MAIL) != null) {
            return "own-mail";
        }
        if ("bounce".equals(exchange.getProperty(Pipeline.KIND, String.class))) {
            return "bounce";
        }
        Outcome decided = exchange.getProperty(Pipeline.OUTCOME, Outcome.class);
        if (decided != null) {
            switch (decided) {
                case REPLY: return "reply";
                case AUTOMATIC: return "automatic";
                case REJECT: return "rejected";
                case IGNORE: return "ignored";
                default: break;
            }
        }
        return exchange.getProperty(Pipeline.CASE_NUMBER) != null ? "case-opened" : "kept";
    }

    private void sent(Exchange exchange, long millis) {
        if (exchange.getProperty(Pipeline.OUTBOX_ID) == null) {
            return;
        }
        // Set only once the server's acceptance is recorded; a failed send leaves it out.
        Double waited = exchange.getProperty(Pipeline.OUTBOX_WAITED, Double.class);
        boolean ok = waited != null;
        Timer.builder("mail2case.delivery.smtp").description("Time to send one outbox mail: build, SMTP and record")
                .tags("result", ok ? "sent" : "failed").register(registry).record(Duration.ofMillis(millis));
        if (ok) {
            Timer.builder("mail2case.delivery.latency").description("From writing a mail to the outbox to its sending")
                    .publishPercentileHistogram().register(registry)
                    .record(Duration.ofMillis(Math.round(waited * 1000)));
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    /** Counts each account's polls and shows its last successful one, as the account status records them. */
    public void watch(AccountStatus accounts) {
        for (AccountStatus.Entry e : accounts.all()) {
            Gauge.builder("mail2case.account.last.poll.timestamp", accounts,
                            s -> lastSuccessSeconds(s.get(e.account()))).baseUnit("seconds")
                    .description("When the account was last polled successfully (Unix time)")
                    .tags("account", e.account()).register(registry);
        }
        accounts.onPoll((account, ok) -> counter("mail2case.account.polls", "Polls of the account's mailbox",
                "account", account, "result", ok ? "ok" : "failed").increment());
    }

    private static double lastSuccessSeconds(AccountStatus.Entry e) {
        return e == null || e.lastSuccess() == null ? 0 : e.lastSuccess().getEpochSecond();
    }

    /** Reads the outbox, quarantine and blocks from PostgreSQL into the gauges. */
    @SuppressWarnings("unchecked")
    public void refreshFromDatabase() {
        database.inTransaction(em -> {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (Object[] r : (List<Object[]>) em.createNativeQuery(
                    "SELECT status, count(*) FROM outbox GROUP BY status").getResultList()) {
                rows.add(MultiGauge.Row.of(Tags.of("status", (String) r[0]), ((Number) r[1]).longValue()));
            }
            outbox.register(rows, true);
            List<MultiGauge.Row<?>> reasonRows = new ArrayList<>();
            Map<String, Long> reasons = new java.util.TreeMap<>();
            for (Object[] r : (List<Object[]>) em.createNativeQuery(
                    "SELECT not_sent_reason, count(*) FROM outbox WHERE status IN ('NOT_SENT', 'BLOCKED') GROUP BY 1")
                    .getResultList()) {
                reasons.merge(reasonLabel((String) r[0]), ((Number) r[1]).longValue(), Long::sum);
            }
            reasons.forEach((k, v) -> reasonRows.add(MultiGauge.Row.of(Tags.of("reason", k), v)));
            notSent.register(reasonRows, true);
            rows = new ArrayList<>();
            for (Object[] r : (List<Object[]>) em.createNativeQuery(
                    "SELECT account, count(*) FROM quarantine WHERE replayed_at IS NULL GROUP BY account").getResultList()) {
                rows.add(MultiGauge.Row.of(Tags.of("account", (String) r[0]), ((Number) r[1]).longValue()));
            }
            quarantine.register(rows, true);
            rows = new ArrayList<>();
            for (Object[] r : (List<Object[]>) em.createNativeQuery("""
                    SELECT 'address', reason, count(*) FROM address_blocks
                     WHERE cleared_at IS NULL AND (until IS NULL OR until > now()) GROUP BY reason
                    UNION ALL
                    SELECT 'case', reason, count(*) FROM case_blocks
                     WHERE cleared_at IS NULL AND until > now() GROUP BY reason""").getResultList()) {
                rows.add(MultiGauge.Row.of(Tags.of("kind", (String) r[0], "reason", (String) r[1]),
                        ((Number) r[2]).longValue()));
            }
            blocks.register(rows, true);
            Number oldest = (Number) em.createNativeQuery("SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)"
                    + " FROM outbox WHERE status IN ('PENDING', 'SENDING')").getSingleResult();
            oldestPendingSeconds.set(oldest.longValue());
            return null;
        });
    }

    /** A reason without the addresses and numbers in it, so each kind of refusal is one series. */
    static String reasonLabel(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        String r = reason.toLowerCase(Locale.ROOT)
                .replaceFirst("^(not sent because|blocked:)\\s*", "")
                .replaceAll("'[^']*'", "")
                .replaceAll("\\([^)]*\\)", "")
                .replaceAll("\\S+@\\S+", "")
                .replaceAll("[0-9]+[a-z]*(/\\S+)?", "")
                .replaceAll("\\s+", " ").trim();
        return r.length() > 60 ? r.substring(0, 60).trim() : r;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mail2case-metrics");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            try {
                refreshFromDatabase();
            } catch (RuntimeException e) {
                LOG.debug("Metrics from the database not refreshed: {}", e.toString());
            }
        }, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        if (refresher != null) {
            refresher.shutdownNow();
            refresher = null;
        }
        super.doStop();
    }
}

package dev.mail2case.start;

import dev.mail2case.cases.CaseEvents;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import dev.mail2case.config.Startup;
import dev.mail2case.config.Timers;
import dev.mail2case.intake.Quarantine;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.pipeline.Pipeline;
import dev.mail2case.thread.CaseNumberFormat;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.TypeConverterSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Wires mail2case into camel-main: validates the settings, opens the database, binds the beans the
 * route files refer to, and makes one poller route per account from the {@code mail-account} template.
 */
public final class Mail2CaseApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Mail2CaseApp.class);

    private final Main main;
    private final Clock clock;
    private Database database;
    private org.quartz.Scheduler scheduler;
    private List<AccountSettings> accounts;
    private dev.mail2case.notify.OutboxDelivery outboxDelivery;
    private dev.mail2case.metrics.MailMetrics metrics;
    private long configured;
    private boolean closed;
    /** Each of the two draining steps may take this long, so the whole stop fits Kubernetes' 30 s grace. */
    private static final Duration SHUTDOWN_PART = Duration.ofSeconds(8);
    private dev.mail2case.auth.AccountStatus accountStatus;
    /** Only the pipeline's direct: routes run: no pollers, no timers, no HTTP server ({@link #startDryRun}). */
    private final boolean dryRun;

    private Mail2CaseApp(Properties overrides, Clock clock, boolean dryRun) {
        this.clock = clock;
        this.dryRun = dryRun;
        main = new Main(Mail2CaseApp.class);
        if (overrides != null && !overrides.isEmpty()) {
            main.setOverrideProperties(overrides);
        }
        main.setPropertyPlaceholderLocations(Settings.locations());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                var pc = support.getCamelContext().getPropertiesComponent();
                Settings settings = new Settings(pc::resolveProperty, System.getenv());
                RouteFiles routes = RouteFiles.from(settings);
                routes.applyTo(support.getCamelContext(), support.configure(), settings.bool("mail2case.routes.reload", false));
                LOG.info("Routes: {}", routes);
                if (dryRun) {
                    support.getCamelContext().addRoutePolicyFactory((ctx, routeId, route) -> new StageTrail());
                }
                wire(support.getCamelContext());
                configured = System.nanoTime();
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                if (!dryRun) {
                    Timers.attach(support.getCamelContext(), scheduler);
                    addAccountRoutes(support.getCamelContext());
                }
                // the first query: it waits for JPA, which came up while the routes loaded
                refuseAccountsOfEmployees(database, accounts);
                Startup.done("Routes loaded", configured);
            }
        });
    }

    /** Starts mail2case and returns once every route runs; start-up errors are thrown. */
    public static Mail2CaseApp start(Properties overrides) throws Exception {
        return start(overrides, Clock.systemUTC());
    }

    /** As {@link #start(Properties)}, with the clock that block expiry, rate limits and timers read. */
    public static Mail2CaseApp start(Properties overrides, Clock clock) throws Exception {
        long t = System.nanoTime();
        Mail2CaseApp app = new Mail2CaseApp(overrides, clock, false);
        try {
            app.main.start();
            app.metrics.watch(app.accountStatus);
            Startup.done("mail2case up: " + app.context().getRoutes().size() + " routes, "
                    + app.accounts.stream().filter(AccountSettings::poll).count() + " accounts polled", t);
        } catch (Exception e) {
            app.close();
            throw e;
        }
        app.logHttpAddress();
        return app;
    }

    /**
     * The real route files and beans with only the pipeline's {@code direct:} routes started (no poller,
     * timer or HTTP server), for {@code inspect --explain}: it sends mail into {@code direct:intake} with
     * {@link Pipeline#DRY_RUN}, and the routes' writing steps pass it by.
     */
    public static Mail2CaseApp startDryRun(Properties overrides) throws Exception {
        Properties p = new Properties();
        if (overrides != null) {
            p.putAll(overrides);
        }
        p.setProperty("camel.main.autoStartup", "false");
        p.setProperty("camel.server.enabled", "false");
        // no cluster lease: this process takes no mail and must not count as a replica
        p.setProperty("mail2case.cluster", "none");
        Mail2CaseApp app = new Mail2CaseApp(p, Clock.systemUTC(), true);
        try {
            app.main.start();
            for (org.apache.camel.Route r : app.context().getRoutes()) {
                if (r.getEndpoint().getEndpointUri().startsWith("direct:")) {
                    app.context().getRouteController().startRoute(r.getRouteId());
                }
            }
        } catch (Exception e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** Notes each route a dry-run mail enters on its {@link Pipeline#STAGES} (copies share the list). */
    private static final class StageTrail extends org.apache.camel.support.RoutePolicySupport {
        @Override
        @SuppressWarnings("unchecked")
        public void onExchangeBegin(org.apache.camel.Route route, org.apache.camel.Exchange exchange) {
            List<String> stages = exchange.getProperty(Pipeline.STAGES, List.class);
            if (stages != null) {
                stages.add(route.getRouteId());
            }
        }
    }

    /** Checks the settings and binds every bean the route files name, area by area. */
    private void wire(CamelContext context) {
        var pc = context.getPropertiesComponent();
        Settings settings = new Settings(pc::resolveProperty);
        accounts = AccountSettings.all(settings);
        settings.require("mail2case.smtp.host");
        settings.integer("mail2case.smtp.port", 25, 1, 65535);
        CaseNumberFormat token = Wiring.caseNumberFormat(settings);
        database = Database.from(settings);
        dev.mail2case.cluster.Replicas.install(context, settings, database.dataSource());
        Map<String, AccountSettings> byId = new LinkedHashMap<>();
        accounts.forEach(a -> byId.put(a.id(), a));
        String domain = settings.get("mail2case.message-id-domain",
                accounts.get(0).address().substring(accounts.get(0).address().indexOf('@') + 1));
        Wiring w = new Wiring(settings, context.getRegistry(), database, accounts, byId, token, domain, clock);
        bindInfrastructure(w, context);
        NotifyBeans notify = NotifyBeans.create(w);
        Quarantine quarantine = new Quarantine(database);
        w.bind("quarantine", quarantine);
        PipelineBeans.bindIntake(w, quarantine);
        PipelineBeans.bindScreen(w, notify.blocks());
        PipelineBeans.bindDeciders(w);
        CaseEvents caseEvents = CaseBeans.bind(w, notify);
        OperatorBeans.bind(w, quarantine, notify.blocks(), caseEvents, accountStatus);
        outboxDelivery = DeliveryBeans.bind(w);
        AccountBeans.bind(w, accountStatus);
        if (!dryRun) {
            scheduler = Startup.step("Quartz scheduler ready", () -> Timers.create(database.dataSource()));
        }
    }

    /** Metrics, the log's mail context, the HTTP engine, and the shared clock, database and account status. */
    private void bindInfrastructure(Wiring w, CamelContext context) {
        dev.mail2case.logging.MailUnitOfWork.install(context);
        addOutcomeConverters(context);
        var meters = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        w.bind(org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        metrics = new dev.mail2case.metrics.MailMetrics(meters, database,
                w.millis("mail2case.metrics.refresh-ms", 10_000, 100, 3_600_000));
        context.getManagementStrategy().addEventNotifier(metrics);
        w.bind("platform-http-engine", new ApiHttpEngine(w.integer("camel.server.port", 8080, 0, 65535)));
        w.bind("clock", clock);
        w.bind("database", database);
        accountStatus = new dev.mail2case.auth.AccountStatus(clock);
        w.bind("accountStatus", accountStatus);
    }

    /**
     * The routes compare the outcome with its name ({@code ${exchangeProperty.mail2caseOutcome} == 'REPLY'}).
     * Camel finds no converter between an enum and a String in its registry and searches every converter
     * it has, for every comparison of every mail: named ones are found at once.
     */
    private static void addOutcomeConverters(CamelContext context) {
        var registry = context.getTypeConverterRegistry();
        registry.addTypeConverter(Outcome.class, String.class, new TypeConverterSupport() {
            @Override
            public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                for (Outcome o : Outcome.values()) {
                    if (o.name().equals(value)) {
                        return type.cast(o);
                    }
                }
                return null;
            }
        });
        registry.addTypeConverter(String.class, Outcome.class, new TypeConverterSupport() {
            @Override
            public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                return type.cast(((Outcome) value).name());
            }
        });
    }

    /** An account address must never be an employee's own address: their mail would open cases. */
    static void refuseAccountsOfEmployees(Database database, List<AccountSettings> accounts) {
        for (AccountSettings a : accounts) {
            java.util.Optional<String> employee = database.inTransaction(em ->
                    new dev.mail2case.identify.ContactRepository().employeeName(em, a.address()));
            if (employee.isPresent()) {
                throw new SettingException("mail2case.account." + a.id() + ".address", "is '" + a.address()
                        + "', the address of employee " + employee.get()
                        + "; an account must never share an employee's address");
            }
        }
    }

    private void addAccountRoutes(CamelContext context) {
        for (AccountSettings a : accounts) {
            if (!a.poll()) {
                LOG.info("Account {} ({}) has no mailbox of its own; its settings apply to mail sent to it", a.id(),
                        a.address());
                continue;
            }
            if (a.protocol().equals("graph")) {
                TemplatedRouteBuilder.builder(context, "graph-account").routeId("account-" + a.id())
                        .parameter("accountId", a.id()).parameter("pollDelay", a.pollDelayMillis()).add();
                LOG.info("Reading account {} for {} through Microsoft Graph", a, a.address());
                continue;
            }
            Map<String, Object> parameters = a.templateParameters();
            parameters.put("mailProperties", AccountBeans.mailPropertiesBean(a));
            parameters.put("authenticator", "mailAuthenticator-" + a.id());
            parameters.put("pollStrategy", "pollStrategy-" + a.id());
            parameters.put("scheduler", "pollScheduler-" + a.id());
            TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, "mail-account")
                    .routeId("account-" + a.id());
            parameters.forEach(builder::parameter);
            builder.add();
            LOG.info("Polling account {} for {}", a, a.address());
        }
    }

    /** The address the HTTP server listens on, as bound (Camel's own summary always says 0.0.0.0). */
    private void logHttpAddress() {
        var server = main.getCamelContext().hasService(
                org.apache.camel.component.platform.http.main.MainHttpServer.class);
        if (server != null) {
            String host = server.getHost() == null ? "0.0.0.0" : server.getHost();
            String base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.getPort();
            LOG.info("Operators' console on {}/ and API on {}/api (described at {}/api/openapi.json)", base, base, base);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public Database database() {
        return database;
    }

    public List<AccountSettings> accounts() {
        return accounts;
    }

    /** How each account is being read: state, last poll, last error. */
    public dev.mail2case.auth.AccountStatus accountStatus() {
        return accountStatus;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C or SIGTERM), then stops in order. */
    public void awaitShutdown() throws InterruptedException {
        awaitShutdown(() -> {
        });
    }

    /**
     * As {@link #awaitShutdown()}; {@code afterwards} (the demo's servers) runs in the same hook once
     * mail2case has stopped, so nothing it still uses goes away under it.
     */
    public void awaitShutdown(Runnable afterwards) throws InterruptedException {
        var latch = new java.util.concurrent.CountDownLatch(1);
        var once = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable stop = () -> {
            try {
                close();
                if (once.compareAndSet(false, true)) {
                    afterwards.run();
                }
            } finally {
                latch.countDown();
            }
        };
        // SIGTERM and Ctrl-C stop in order before the JVM runs its shutdown hooks, among them those of
        // libraries (the embedded PostgreSQL has one) that would otherwise race this stop.
        for (String signal : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(() -> {
                    stop.run();
                    System.exit(0);
                }, "mail2case-stop").start());
            } catch (IllegalArgumentException unsupported) {
                // this platform has no such signal: the shutdown hook below still stops in order
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "mail2case-shutdown"));
        latch.await();
    }

    /**
     * Stops in order: the pollers take no more mail and finish the mail in hand; the outbox delivery
     * finishes the sends in hand; then the rest of Camel, the timers, and the database.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long t = System.nanoTime();
        CamelContext context = main.getCamelContext();
        if (context != null && context.isStarted()) {
            try {
                for (org.apache.camel.Route r : List.copyOf(context.getRoutes())) {
                    if (r.getRouteId().startsWith("account-") || r.getRouteId().equals("replay")) {
                        context.getRouteController().stopRoute(r.getRouteId(), SHUTDOWN_PART.toSeconds(),
                                java.util.concurrent.TimeUnit.SECONDS);
                    }
                }
                if (context.getRoute("deliver") != null) {
                    context.getRouteController().stopRoute("deliver", SHUTDOWN_PART.toSeconds(),
                            java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                LOG.warn("Stopping the pollers and the outbox delivery failed: {}", e.toString());
            }
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Stopping Camel failed: {}", e.toString());
        }
        Timers.shutdown(scheduler);
        if (outboxDelivery != null) {
            outboxDelivery.close();
        }
        if (database != null) {
            database.close();
            database = null;
        }
        if (context != null) {
            LOG.info("mail2case stopped in {} ms", (System.nanoTime() - t) / 1_000_000);
        }
    }
}

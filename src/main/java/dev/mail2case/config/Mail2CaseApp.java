package dev.mail2case.config;

import dev.mail2case.cases.CaseService;
import dev.mail2case.assign.Assigner;
import dev.mail2case.assign.RoutingRules;
import dev.mail2case.identify.ContactLookup;
import dev.mail2case.identify.ForwardedMail;
import dev.mail2case.identify.SenderGate;
import dev.mail2case.intake.MailFailures;
import dev.mail2case.intake.MailIntake;
import dev.mail2case.intake.Quarantine;
import dev.mail2case.mail.MailReader;
import dev.mail2case.cases.CaseEvents;
import dev.mail2case.cases.CaseNotices;
import dev.mail2case.cases.CaseRepository;
import dev.mail2case.notify.CaseMailNotices;
import dev.mail2case.notify.Blocks;
import dev.mail2case.notify.ClientNotifications;
import dev.mail2case.notify.StaffNotifications;
import dev.mail2case.notify.DeliveryGuard;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.ops.OperatorApi;
import dev.mail2case.thread.CaseNumberFormat;
import dev.mail2case.thread.OutgoingMessageIds;
import dev.mail2case.thread.QuoteStripper;
import dev.mail2case.thread.Threader;
import dev.mail2case.ops.OperatorAuth;
import dev.mail2case.screen.BounceActions;
import dev.mail2case.screen.LoopDetector;
import dev.mail2case.screen.MailClassifier;
import dev.mail2case.screen.LoopScreen;
import dev.mail2case.notify.Outbox;
import dev.mail2case.notify.OutboxDelivery;
import dev.mail2case.notify.Templates;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
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
    private static final QuoteStripper QUOTES = new QuoteStripper();

    private final Main main;
    private final Clock clock;
    private Database database;
    private org.quartz.Scheduler scheduler;
    private List<AccountSettings> accounts;
    private dev.mail2case.metrics.MailMetrics metrics;
    private long configured;
    private boolean closed;
    /** Each of the two draining steps may take this long, so the whole stop fits Kubernetes' 30 s grace. */
    private static final Duration SHUTDOWN_PART = Duration.ofSeconds(8);
    private dev.mail2case.auth.AccountStatus accountStatus;

    private Mail2CaseApp(Properties overrides, Clock clock) {
        this.clock = clock;
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
                wire(support.getCamelContext());
                configured = System.nanoTime();
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                Timers.attach(support.getCamelContext(), scheduler);
                addAccountRoutes(support.getCamelContext());
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
        Mail2CaseApp app = new Mail2CaseApp(overrides, clock);
        try {
            app.main.start();
            app.metrics.watchPollers(app.context());
            Startup.done("mail2case up: " + app.context().getRoutes().size() + " routes, "
                    + app.accounts.stream().filter(AccountSettings::poll).count() + " accounts polled", t);
        } catch (Exception e) {
            app.close();
            throw e;
        }
        app.logHttpAddress();
        return app;
    }

    private void wire(CamelContext context) {
        var pc = context.getPropertiesComponent();
        Settings settings = new Settings(pc::resolveProperty);
        accounts = AccountSettings.all(settings);
        settings.require("mail2case.smtp.host");
        settings.integer("mail2case.smtp.port", 25, 1, 65535);
        String format = settings.get("mail2case.case-number.format", "[#{n}]");
        if (!format.contains("{n}")) {
            throw new SettingException("mail2case.case-number.format", "is '" + format + "' but must contain {n}");
        }
        CaseNumberFormat token;
        try {
            token = new CaseNumberFormat(format);
        } catch (IllegalArgumentException e) {
            throw new SettingException("mail2case.case-number.format", "is '" + format + "': " + e.getMessage());
        }
        Templates templates = new Templates(settings.get("mail2case.templates.dir", null));
        database = Database.from(settings);
        dev.mail2case.cluster.Replicas.install(context, settings, database.dataSource());

        Map<String, AccountSettings> byId = new LinkedHashMap<>();
        accounts.forEach(a -> byId.put(a.id(), a));
        String domain = settings.get("mail2case.message-id-domain",
                accounts.get(0).address().substring(accounts.get(0).address().indexOf('@') + 1));
        List<DeliveryGuard.RateTier> tiers = new java.util.ArrayList<>();
        for (String spec : settings.list("mail2case.auto-mail.rate-limits").isEmpty()
                ? List.of("10/PT10M", "30/PT1H", "100/PT10H") : settings.list("mail2case.auto-mail.rate-limits")) {
            try {
                tiers.add(DeliveryGuard.RateTier.parse(spec));
            } catch (RuntimeException e) {
                throw new SettingException("mail2case.auto-mail.rate-limits", "has '" + spec
                        + "' but each limit is COUNT/ISO-8601-DURATION, e.g. 10/PT10M");
            }
        }
        DeliveryGuard guard = new DeliveryGuard(
                accounts.stream().map(AccountSettings::address).collect(java.util.stream.Collectors.toSet()), tiers, clock);
        Outbox outbox = new Outbox(templates, token::token, new OutgoingMessageIds(domain), guard,
                accounts.get(0).address());

        var registry = context.getRegistry();
        dev.mail2case.logging.MailUnitOfWork.install(context);
        var meters = new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        registry.bind(org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME, meters);
        metrics = new dev.mail2case.metrics.MailMetrics(meters, database,
                Duration.ofMillis(settings.integer("mail2case.metrics.refresh-ms", 10_000, 100, 3_600_000)));
        context.getManagementStrategy().addEventNotifier(metrics);
        registry.bind("platform-http-engine",
                new ApiHttpEngine(settings.integer("camel.server.port", 8080, 0, 65535)));
        registry.bind("clock", clock);
        registry.bind("database", database);
        Blocks blocks = new Blocks(database, clock);
        registry.bind("blocks", blocks);
        Map<String, MailReader> readers = new LinkedHashMap<>();
        accounts.forEach(a -> readers.put(a.id(), new MailReader(
                new MailReader.Limits(a.maxMessageBytes(), a.maxPartBytes()))));
        registry.bind("mailIntake", new MailIntake(database, readers));
        Quarantine quarantine = new Quarantine(database);
        registry.bind("quarantine", quarantine);
        registry.bind("operatorAuth", OperatorAuth.from(settings));
        accountStatus = new dev.mail2case.auth.AccountStatus(clock);
        registry.bind("accountStatus", accountStatus);
        registry.bind("health", new dev.mail2case.ops.Health(database, accountStatus));
        for (String e : settings.list("mail2case.dispatchers.events")) {
            if (!List.of("new-request", "case-forwarded", "case-escalated", "deadline-passed").contains(e)) {
                throw new SettingException("mail2case.dispatchers.events", "has '" + e
                        + "' but dispatchers hear of new-request, case-forwarded, case-escalated and deadline-passed");
            }
        }
        for (String a : settings.list("mail2case.dispatchers.addresses")) {
            if (!a.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                throw new SettingException("mail2case.dispatchers.addresses", "has '" + a + "', which is no mail address");
            }
        }
        if (!settings.get("mail2case.server-url", "").matches("(https?://\\S+)?")) {
            throw new SettingException("mail2case.server-url", "is '" + settings.get("mail2case.server-url", "")
                    + "' but must be an http(s) URL");
        }
        ClientNotifications clientNotifications = new ClientNotifications(outbox);
        StaffNotifications staff = new StaffNotifications(outbox, settings.list("mail2case.dispatchers.addresses"),
                java.util.Set.copyOf(settings.list("mail2case.dispatchers.events").isEmpty()
                        ? List.of("case-forwarded", "case-escalated", "deadline-passed")
                        : settings.list("mail2case.dispatchers.events")),
                settings.get("mail2case.server-url", ""));
        CaseNotices caseNotices = new CaseMailNotices(outbox, clientNotifications, staff,
                new dev.mail2case.notify.CaseReport(templates, token::token));
        CaseEvents caseEvents = new CaseEvents(database, new CaseRepository(), caseNotices, clock);
        registry.bind("caseEvents", caseEvents);
        registry.bind("operatorApi", new OperatorApi(quarantine, blocks, database, caseEvents));
        dev.mail2case.ops.AccountPolls polls = new dev.mail2case.ops.AccountPolls();
        context.getManagementStrategy().addEventNotifier(polls);
        registry.bind("caseApi", new dev.mail2case.ops.CaseApi(new dev.mail2case.ops.CaseQueries(database,
                new java.util.LinkedHashSet<>(byId.keySet())), database, accounts, polls));
        registry.bind("console", new dev.mail2case.ops.Console());
        registry.bind("httpHeaders", new dev.mail2case.ops.HttpHeaders());
        registry.bind("apiDescription", new dev.mail2case.ops.ApiDescription());
        scheduler = Startup.step("Quartz scheduler ready", () -> Timers.create(database.dataSource()));
        registry.bind("mailFailures", new MailFailures(database, byId, quarantine));
        registry.bind("loopScreen", new LoopScreen(new LoopDetector(domain)));
        registry.bind("bounces", new BounceActions(new MailClassifier(), database, blocks));
        registry.bind("contactLookup", new ContactLookup(database, byId));
        registry.bind("contactRecords", new dev.mail2case.identify.ContactRecords(database));
        registry.bind("accountPolicy", new dev.mail2case.identify.AccountPolicy(byId));
        registry.bind("senderGate", new SenderGate(byId));
        registry.bind("forwardedMail", new ForwardedMail(byId));
        registry.bind("assigner", new Assigner(database, settings.get("mail2case.routing-rules")
                .map(f -> RoutingRules.load(java.nio.file.Path.of(f))).orElse(RoutingRules.none())));
        registry.bind("threader", new Threader(database, token, byId, clock));
        registry.bind("caseService", CaseService.create(database, byId, caseNotices, blocks::blockCase,
                mail -> QUOTES.strip(mail).text(), token::token,
                settings.integer("mail2case.case-flood.limit", 100, 1, 1_000_000),
                duration(settings, "mail2case.case-flood.window", "PT24H"),
                duration(settings, "mail2case.case-flood.block", "PT12H")));
        registry.bind("outboxDelivery", outboxDelivery = new OutboxDelivery(database,
                settings.integer("mail2case.outbox.max-attempts", 10, 1, 1000),
                Duration.ofMillis(settings.integer("mail2case.outbox.first-retry-ms", 30_000, 10, 86_400_000)),
                Duration.ofMillis(settings.integer("mail2case.outbox.max-retry-ms", 3_600_000, 10, 86_400_000)),
                Duration.ofMillis(settings.integer("mail2case.outbox.lease-ms", 30_000, 300, 3_600_000))));
        Properties smtp = new Properties();
        smtp.setProperty("mail.smtp.connectiontimeout", "10000");
        smtp.setProperty("mail.smtp.timeout", "30000");
        smtp.setProperty("mail.smtp.writetimeout", "30000");
        // Marks the outbox row just before DATA and notes the server's answer (exactly-once delivery).
        smtp.setProperty("mail.smtp.class", dev.mail2case.notify.OutboxTransport.class.getName());
        if (settings.bool("mail2case.smtp.starttls", false)) {
            smtp.setProperty("mail.smtp.starttls.enable", "true");
            smtp.setProperty("mail.smtp.starttls.required", "true");
        }
        registry.bind("smtpProperties", smtp);
        registry.bind("smtpAuthenticator", dev.mail2case.auth.MailLogins.smtp(settings, smtp, clock));
        for (AccountSettings a : accounts) {
            registry.bind(mailPropertiesBean(a), a.javaMailProperties());
            if (a.poll() && a.protocol().equals("graph")) {
                dev.mail2case.graph.GraphAccounts.bind(registry, settings, a, database, accountStatus, clock);
            } else if (a.poll()) {
                dev.mail2case.auth.MailLogins.bindAccount(registry, a, accountStatus, clock);
            }
        }
    }

    private static Duration duration(Settings settings, String key, String fallback) {
        String value = settings.get(key, fallback);
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            throw new SettingException(key, "is '" + value + "' but must be an ISO-8601 duration such as PT12H");
        }
    }

    /** An account address must never be an employee's own address: their mail would open cases. */
    static void refuseAccountsOfEmployees(Database database, List<AccountSettings> accounts) {
        for (AccountSettings a : accounts) {
            List<?> employees = database.inTransaction(em -> em.createNativeQuery(
                    "SELECT name FROM contacts WHERE kind = 'EMPLOYEE' AND lower(email) = lower(?1)")
                    .setParameter(1, a.address()).getResultList());
            if (!employees.isEmpty()) {
                throw new SettingException("mail2case.account." + a.id() + ".address", "is '" + a.address()
                        + "', the address of employee " + employees.get(0)
                        + "; an account must never share an employee's address");
            }
        }
    }

    private static String mailPropertiesBean(AccountSettings a) {
        return "mailProperties-" + a.id();
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
            parameters.put("mailProperties", mailPropertiesBean(a));
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

    private OutboxDelivery outboxDelivery;

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

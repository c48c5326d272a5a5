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

    private Mail2CaseApp(Properties overrides, Clock clock) {
        this.clock = clock;
        main = new Main(Mail2CaseApp.class);
        if (overrides != null && !overrides.isEmpty()) {
            main.setOverrideProperties(overrides);
        }
        main.configure().withRoutesIncludePattern("classpath:routes/*.camel.yaml");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport support) {
                wire(support.getCamelContext());
            }

            @Override
            public void afterConfigure(BaseMainSupport support) {
                Timers.attach(support.getCamelContext(), scheduler);
                addAccountRoutes(support.getCamelContext());
            }
        });
    }

    /** Starts mail2case and returns once every route runs; start-up errors are thrown. */
    public static Mail2CaseApp start(Properties overrides) throws Exception {
        return start(overrides, Clock.systemUTC());
    }

    /** As {@link #start(Properties)}, with the clock that block expiry, rate limits and timers read. */
    public static Mail2CaseApp start(Properties overrides, Clock clock) throws Exception {
        Mail2CaseApp app = new Mail2CaseApp(overrides, clock);
        try {
            app.main.start();
        } catch (Exception e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void wire(CamelContext context) {
        var pc = context.getPropertiesComponent();
        Settings settings = new Settings(pc::resolveProperty, System.getenv());
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
        registry.bind("health", new dev.mail2case.ops.Health(database));
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
        CaseEvents caseEvents = new CaseEvents(database, clientNotifications, staff,
                new dev.mail2case.notify.CaseReport(templates, token::token), clock);
        registry.bind("caseEvents", caseEvents);
        registry.bind("operatorApi", new OperatorApi(quarantine, blocks, database, caseEvents));
        scheduler = Timers.create(database.dataSource());
        registry.bind("mailFailures", new MailFailures(database, byId, quarantine));
        refuseAccountsOfEmployees(database, accounts);
        registry.bind("loopScreen", new LoopScreen(new LoopDetector(domain)));
        registry.bind("bounces", new BounceActions(new MailClassifier(), database, blocks));
        registry.bind("contactLookup", new ContactLookup(database, byId));
        registry.bind("senderGate", new SenderGate(byId));
        registry.bind("forwardedMail", new ForwardedMail(byId));
        registry.bind("assigner", new Assigner(database, settings.get("mail2case.routing-rules")
                .map(f -> RoutingRules.load(java.nio.file.Path.of(f))).orElse(RoutingRules.none())));
        registry.bind("threader", new Threader(database, token, byId, clock));
        registry.bind("caseService", new CaseService(database, outbox, byId, blocks, mail -> QUOTES.strip(mail).text(),
                settings.integer("mail2case.case-flood.limit", 100, 1, 1_000_000),
                duration(settings, "mail2case.case-flood.window", "PT24H"),
                duration(settings, "mail2case.case-flood.block", "PT12H"), clientNotifications, staff));
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
        for (AccountSettings a : accounts) {
            registry.bind(mailPropertiesBean(a), a.javaMailProperties());
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
            Map<String, Object> parameters = a.templateParameters();
            parameters.put("mailProperties", mailPropertiesBean(a));
            TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(context, "mail-account")
                    .routeId("account-" + a.id());
            parameters.forEach(builder::parameter);
            builder.add();
            LOG.info("Polling account {} for {}", a, a.address());
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

    /** Blocks until the JVM is asked to stop (Ctrl-C or SIGTERM). */
    public void awaitShutdown() throws InterruptedException {
        var latch = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            latch.countDown();
        }, "mail2case-shutdown"));
        latch.await();
    }

    private OutboxDelivery outboxDelivery;

    @Override
    public synchronized void close() {
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("Stopping Camel failed: {}", e.getMessage());
        }
        Timers.shutdown(scheduler);
        if (outboxDelivery != null) {
            outboxDelivery.close();
        }
        if (database != null) {
            database.close();
            database = null;
        }
    }
}

package dev.mail2case.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mail2case.Mail2Case;
import dev.mail2case.Pipeline;
import dev.mail2case.assign.Assigner;
import dev.mail2case.assign.Assignment;
import dev.mail2case.assign.RoutingRules;
import dev.mail2case.assign.Sender;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.CommandSettings;
import dev.mail2case.config.Database;
import dev.mail2case.config.Settings;
import dev.mail2case.identify.ContactLookup;
import dev.mail2case.identify.ForwardedMail;
import dev.mail2case.identify.SenderGate;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.InspectCommand;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.screen.LoopScreen;
import dev.mail2case.screen.LoopDetector;
import dev.mail2case.thread.CaseNumberFormat;
import dev.mail2case.thread.Threader;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code inspect [--explain] [--account=ID] FILE...}: how each mail is read, its case number, and
 * with {@code --explain} (database configured) what identify, thread and assign would decide for it
 * on that account, by running the same beans the routes run, without writing anything.
 */
public final class Inspect {
    private Inspect() {
    }

    public static int run(List<String> args, PrintStream out) {
        boolean explain = false;
        String accountId = null;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--explain")) {
                explain = true;
            } else if (a.startsWith("--account=")) {
                accountId = a.substring("--account=".length());
            } else {
                files.add(a);
            }
        }
        Settings settings = CommandSettings.load();
        CaseNumberFormat token;
        try {
            token = new CaseNumberFormat(settings.get("mail2case.case-number.format", "[#{n}]"));
        } catch (IllegalArgumentException e) {
            token = new CaseNumberFormat("[#{n}]");
        }
        CaseNumberFormat caseToken = token;
        dev.mail2case.screen.MailClassifier classifier = new dev.mail2case.screen.MailClassifier();
        InspectCommand.Enricher caseNumber = (json, mail, file) -> {
            var c = classifier.classify(mail, Files.readAllBytes(file));
            json.put("kind", c.kind().label());
            // a delivery report carries its details too: a delay's cause, not permanent
            if (c.bounce() != null) {
                ObjectNode b = json.putObject("bounce");
                b.put("reason", c.bounce().reason());
                b.put("status", c.bounce().status());
                b.put("permanent", c.bounce().permanent());
                var recipients = b.putArray("recipients");
                c.bounce().recipients().forEach(recipients::add);
                b.put("originalMessageId", c.bounce().originalMessageId());
                b.put("diagnostic", c.bounce().diagnostic());
                var failures = b.putArray("failures");
                for (var f : c.bounce().failures()) {
                    failures.addObject().put("recipient", f.recipient()).put("reason", f.reason())
                            .put("status", f.status()).put("permanent", f.permanent());
                }
            } else {
                json.putNull("bounce");
            }
            OptionalLong n = caseToken.find(mail.subject());
            if (n.isPresent()) {
                json.put("caseNumber", Long.toString(n.getAsLong()));
            } else {
                json.putNull("caseNumber");
            }
        };
        if (!explain) {
            return InspectCommand.run(files, out, caseNumber);
        }
        try (Explainer explainer = Explainer.open(settings, accountId, caseToken)) {
            return InspectCommand.run(files, out, (json, mail, file) -> {
                caseNumber.enrich(json, mail, file);
                json.set("explain", explainer.explain(mail, Files.readAllBytes(file)));
            });
        } catch (RuntimeException e) {
            return Mail2Case.startupFailed(e);
        }
    }

    /** The pipeline's deciding beans over the configured database and one account's settings. */
    static final class Explainer implements AutoCloseable {
        private final Database database;
        private final AccountSettings account;
        private final DefaultCamelContext context = new DefaultCamelContext();
        private final ForwardedMail forwarded;
        private final ContactLookup lookup;
        private final dev.mail2case.identify.ContactRecords records;
        private final dev.mail2case.identify.AccountPolicy policy;
        private final SenderGate gate;
        private final LoopScreen loops;
        private final Threader threader;
        private final Assigner assigner;

        private Explainer(Database database, List<AccountSettings> accounts, AccountSettings account,
                          CaseNumberFormat token, RoutingRules rules) {
            this.database = database;
            this.account = account;
            Map<String, AccountSettings> byId = new LinkedHashMap<>();
            accounts.forEach(a -> byId.put(a.id(), a));
            forwarded = new ForwardedMail(byId);
            lookup = new ContactLookup(database, byId);
            records = new dev.mail2case.identify.ContactRecords(database);
            policy = new dev.mail2case.identify.AccountPolicy(byId);
            gate = new SenderGate(byId);
            String first = accounts.get(0).address();
            loops = new LoopScreen(new LoopDetector(first.substring(first.indexOf('@') + 1)));
            threader = new Threader(database, token, byId, Clock.systemUTC());
            assigner = new Assigner(database, rules);
        }

        static Explainer open(Settings settings, String accountId, CaseNumberFormat token) {
            List<AccountSettings> accounts = AccountSettings.all(settings);
            AccountSettings account = accountId == null ? accounts.get(0) : accounts.stream()
                    .filter(a -> a.id().equals(accountId)).findFirst()
                    .orElseThrow(() -> new dev.mail2case.config.SettingException("mail2case.accounts",
                            "has no account '" + accountId + "' (given with --account)"));
            RoutingRules rules = settings.get("mail2case.routing-rules")
                    .map(f -> RoutingRules.load(java.nio.file.Path.of(f))).orElse(RoutingRules.none());
            return new Explainer(Database.from(settings), accounts, account, token, rules);
        }

        ObjectNode explain(InboundMail mail, byte[] raw) {
            Exchange ex = new DefaultExchange(context);
            ex.setProperty(Pipeline.ACCOUNT, account.id());
            ex.setProperty(Pipeline.MAIL, mail);
            ex.setProperty(Pipeline.RAW, raw);
            ObjectNode out = dev.mail2case.mail.InspectJson.MAPPER.createObjectNode();
            out.put("account", account.id());
            loops.screen(ex);
            forwarded.resolve(ex);
            var parties = forwarded.resolve(account, mail);
            out.set("originalSender", address(ex.getProperty(Pipeline.ORIGINAL_SENDER, MailAddress.class)));
            out.put("originalRecipient", ex.getProperty(Pipeline.ORIGINAL_RECIPIENT, String.class));
            out.set("forwardedBy", address(ex.getProperty(Pipeline.FORWARDED_BY, MailAddress.class)));
            out.put("forwarding", parties.how());
            records.ask(ex);
            lookup.lookup(ex);
            records.aggregate(ex, ex);
            records.resolve(ex);
            policy.apply(ex);
            Sender sender = ex.getProperty(Pipeline.CONTACT, Sender.class);
            if (sender == null) {
                out.putNull("contact");
            } else {
                ObjectNode c = out.putObject("contact");
                c.put("kind", sender.kind());
                c.put("name", sender.name());
                c.put("client", sender.clientName());
            }
            gate.decide(ex);
            threader.thread(ex);
            Threader.Decision thread = ex.getProperty(Pipeline.THREAD, Threader.Decision.class);
            ObjectNode t = out.putObject("thread");
            t.put("case", thread.caseNumber() == null ? null : thread.caseNumber().toString());
            t.put("how", thread.how());
            String decision = ex.getProperty(Pipeline.SENDER_DECISION, String.class);
            if ("accept".equals(decision) || "accept-unregistered".equals(decision)) {
                assigner.assign(ex);
                decision = ex.getProperty(Pipeline.SENDER_DECISION, String.class);
            }
            out.put("decision", decision);
            out.put("noAutoReply", ex.getProperty(Pipeline.NO_AUTO_REPLY, String.class));
            out.put("refusal", ex.getProperty(Pipeline.REFUSAL, String.class));
            Assignment a = ex.getProperty(Pipeline.ASSIGNMENT, Assignment.class);
            if (a == null || a.isRefused()) {
                out.putNull("assignment");
            } else {
                ObjectNode as = out.putObject("assignment");
                var names = database.inTransaction(em -> em.createNativeQuery("""
                        SELECT (SELECT number FROM jobs WHERE id = ?1), (SELECT name FROM offices WHERE id = ?2),
                               (SELECT name FROM clients WHERE id = ?3), (SELECT email FROM contacts WHERE id = ?4)""")
                        .setParameter(1, a.jobId() == null ? -1 : a.jobId())
                        .setParameter(2, a.officeId() == null ? -1 : a.officeId())
                        .setParameter(3, a.clientId() == null ? -1 : a.clientId())
                        .setParameter(4, a.assigneeId() == null ? -1 : a.assigneeId()).getSingleResult());
                Object[] n = (Object[]) names;
                as.put("job", (String) n[0]);
                as.put("component", a.component());
                as.put("office", (String) n[1]);
                as.put("client", (String) n[2]);
                as.put("assignee", (String) n[3]);
                as.put("queue", a.queue());
                as.put("because", a.explanation());
            }
            return out;
        }

        private static ObjectNode address(MailAddress a) {
            if (a == null) {
                return null;
            }
            ObjectNode n = dev.mail2case.mail.InspectJson.MAPPER.createObjectNode();
            n.put("address", a.address());
            n.put("name", a.name());
            return n;
        }

        @Override
        public void close() {
            database.close();
        }
    }
}

package dev.mail2case;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mail2case.assign.Assignment;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.CommandSettings;
import dev.mail2case.config.Settings;
import dev.mail2case.config.Startup;
import dev.mail2case.identify.ForwardedMail;
import dev.mail2case.identify.Sender;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.InspectCommand;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.pipeline.Pipeline;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.thread.CaseNumberFormat;
import dev.mail2case.thread.Threader;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code inspect [--explain] [--account=ID] FILE...}: how each mail is read, its case number, and
 * with {@code --explain} (the server's settings) what the stages would decide for it on that account,
 * by running the real route files in dry-run: nothing is written.
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
        try (Explainer explainer = Explainer.open(accountId)) {
            return InspectCommand.run(files, out, (json, mail, file) -> {
                caseNumber.enrich(json, mail, file);
                json.set("explain", explainer.explain(mail, Files.readAllBytes(file)));
            });
        } catch (Exception e) {
            return Startup.failed(e);
        }
    }

    /**
     * The real routes over the configured database, started in dry-run: each file goes into
     * {@code direct:intake} as if taken from the account, every stage decides, nothing is written.
     */
    static final class Explainer implements AutoCloseable {
        private final Mail2CaseApp app;
        private final AccountSettings account;
        private final ProducerTemplate producer;

        private Explainer(Mail2CaseApp app, AccountSettings account) {
            this.app = app;
            this.account = account;
            this.producer = app.context().createProducerTemplate();
        }

        static Explainer open(String accountId) throws Exception {
            Mail2CaseApp app = Mail2CaseApp.startDryRun(null);
            try {
                AccountSettings account = accountId == null ? app.accounts().get(0) : app.accounts().stream()
                        .filter(a -> a.id().equals(accountId)).findFirst()
                        .orElseThrow(() -> new dev.mail2case.config.SettingException("mail2case.accounts",
                                "has no account '" + accountId + "' (given with --account)"));
                return new Explainer(app, account);
            } catch (RuntimeException e) {
                app.close();
                throw e;
            }
        }

        ObjectNode explain(InboundMail mail, byte[] raw) {
            List<String> stages = new java.util.concurrent.CopyOnWriteArrayList<>();
            Exchange ex = producer.send("direct:intake", e -> {
                e.getIn().setBody(raw);
                e.setProperty(Pipeline.ACCOUNT, account.id());
                e.setProperty(Pipeline.DRY_RUN, true);
                e.setProperty(Pipeline.STAGES, stages);
            });
            ObjectNode out = dev.mail2case.mail.InspectJson.MAPPER.createObjectNode();
            out.put("account", account.id());
            stages.stream().distinct().forEach(out.putArray("stages")::add);
            if (ex.getException() != null) {
                out.put("error", ex.getException().toString());
            }
            out.put("duplicate", Boolean.TRUE.equals(ex.getProperty(Pipeline.DUPLICATE, Boolean.class)));
            out.put("ownMail", ex.getProperty(Pipeline.OWN_MAIL, String.class));
            out.set("originalSender", address(ex.getProperty(Pipeline.ORIGINAL_SENDER, MailAddress.class)));
            out.put("originalRecipient", ex.getProperty(Pipeline.ORIGINAL_RECIPIENT, String.class));
            out.set("forwardedBy", address(ex.getProperty(Pipeline.FORWARDED_BY, MailAddress.class)));
            InboundMail read = ex.getProperty(Pipeline.MAIL, InboundMail.class);
            ForwardedMail forwarded = app.context().getRegistry().lookupByNameAndType("forwardedMail", ForwardedMail.class);
            out.put("forwarding", forwarded == null ? null
                    : forwarded.resolve(account, read != null ? read : mail).how());
            dev.mail2case.identify.SenderTrust.Verdict trust =
                    ex.getProperty(Pipeline.SENDER_TRUST, dev.mail2case.identify.SenderTrust.Verdict.class);
            if (trust == null) {
                ObjectNode t = out.putObject("senderTrust");
                t.put("result", "not checked");
                t.put("why", account.authservIds().isEmpty() ? "the account has no authserv-id" : "the mail did not reach the identify stage");
            } else {
                ObjectNode t = out.putObject("senderTrust");
                t.put("result", trust.result());
                t.put("why", trust.why());
                t.put("policy", trust.policy());
            }
            Sender sender = ex.getProperty(Pipeline.CONTACT, Sender.class);
            if (sender == null) {
                out.putNull("contact");
            } else {
                ObjectNode c = out.putObject("contact");
                c.put("kind", sender.kind());
                c.put("name", sender.name());
                c.put("client", sender.clientName());
            }
            Threader.Decision thread = ex.getProperty(Pipeline.THREAD, Threader.Decision.class);
            if (thread == null) {
                out.putNull("thread");
            } else {
                ObjectNode t = out.putObject("thread");
                t.put("case", thread.caseNumber() == null ? null : thread.caseNumber().toString());
                t.put("how", thread.how());
            }
            Outcome outcome = ex.getProperty(Pipeline.OUTCOME, Outcome.class);
            out.put("decision", outcome == null ? null : outcome.label());
            out.put("outcome", outcome == null ? null : outcome.name());
            out.put("noAutoReply", ex.getProperty(Pipeline.NO_AUTO_REPLY, String.class));
            out.put("refusal", outcome == Outcome.REJECT ? ex.getProperty(Pipeline.REFUSAL, String.class) : null);
            Assignment a = ex.getProperty(Pipeline.ASSIGNMENT, Assignment.class);
            if (a == null || a.isRefused()) {
                out.putNull("assignment");
            } else {
                out.set("assignment", assignment(a));
            }
            return out;
        }

        private ObjectNode assignment(Assignment a) {
            ObjectNode as = dev.mail2case.mail.InspectJson.MAPPER.createObjectNode();
            var n = app.database().inTransaction(em -> new dev.mail2case.assign.OrganisationRepository()
                    .names(em, a.jobId(), a.officeId(), a.clientId(), a.assigneeId()));
            as.put("job", n.job());
            as.put("component", a.component());
            as.put("office", n.office());
            as.put("client", n.client());
            as.put("assignee", n.assignee());
            as.put("queue", a.queue());
            as.put("because", a.explanation());
            return as;
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
            app.close();
        }
    }
}

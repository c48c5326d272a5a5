package dev.mail2case.start;

import dev.mail2case.assign.Assigner;
import dev.mail2case.assign.RoutingRules;
import dev.mail2case.identify.AccountPolicy;
import dev.mail2case.identify.ContactLookup;
import dev.mail2case.identify.ContactRecords;
import dev.mail2case.identify.ForwardedMail;
import dev.mail2case.identify.SenderGate;
import dev.mail2case.intake.MailFailures;
import dev.mail2case.intake.MailIntake;
import dev.mail2case.intake.Quarantine;
import dev.mail2case.mail.MailReader;
import dev.mail2case.notify.Blocks;
import dev.mail2case.notify.BounceActions;
import dev.mail2case.screen.LoopDetector;
import dev.mail2case.screen.LoopScreen;
import dev.mail2case.screen.MailClassifier;
import dev.mail2case.thread.Threader;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The beans of the stages 20 to 60: intake, screen, identify, thread and assign. */
final class PipelineBeans {
    private PipelineBeans() {
    }

    static void bindIntake(Wiring w, Quarantine quarantine) {
        Map<String, MailReader> readers = new LinkedHashMap<>();
        w.accounts().forEach(a -> readers.put(a.id(), new MailReader(
                new MailReader.Limits(a.maxMessageBytes(), a.maxPartBytes()))));
        w.bind("mailIntake", new MailIntake(w.database(), readers));
        w.bind("mailFailures", new MailFailures(w.database(), w.byId(), quarantine));
    }

    static void bindScreen(Wiring w, Blocks blocks) {
        w.bind("loopScreen", new LoopScreen(new LoopDetector(w.domain())));
        w.bind("bounces", new BounceActions(new MailClassifier(), w.database(), blocks));
    }

    static void bindDeciders(Wiring w) {
        w.bind("forwardedMail", new ForwardedMail(w.byId()));
        w.bind("contactLookup", new ContactLookup(w.database(), w.byId()));
        w.bind("contactRecords", new ContactRecords(w.database()));
        w.bind("accountPolicy", new AccountPolicy(w.byId()));
        w.bind("senderTrust", new dev.mail2case.identify.SenderTrust(w.byId()));
        w.bind("senderGate", new SenderGate(w.byId()));
        w.bind("threader", new Threader(w.database(), w.token(), w.byId(), w.clock()));
        w.bind("assigner", new Assigner(w.database(), w.settings().get("mail2case.routing-rules")
                .map(f -> RoutingRules.load(Path.of(f))).orElse(RoutingRules.none())));
    }
}

package dev.mail2case.start;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.cases.CaseEvents;
import dev.mail2case.intake.Quarantine;
import dev.mail2case.notify.Blocks;
import dev.mail2case.ops.ApiDescription;
import dev.mail2case.ops.BounceRecords;
import dev.mail2case.ops.CaseApi;
import dev.mail2case.ops.CaseQueries;
import dev.mail2case.ops.Console;
import dev.mail2case.ops.Health;
import dev.mail2case.ops.HttpHeaders;
import dev.mail2case.ops.OperatorApi;
import dev.mail2case.ops.OperatorAuth;

import java.util.LinkedHashSet;

/** What 95-operator-api names: the token check, health, the API and the console. */
final class OperatorBeans {
    private OperatorBeans() {
    }

    static void bind(Wiring w, Quarantine quarantine, Blocks blocks, CaseEvents caseEvents,
                     AccountStatus accountStatus) {
        w.bind("operatorAuth", OperatorAuth.from(w.settings()));
        w.bind("health", new Health(w.database(), accountStatus));
        w.bind("operatorApi", new OperatorApi(quarantine, blocks, w.database(), caseEvents));
        w.bind("bounceRecords", new BounceRecords(w.database()));
        w.bind("caseApi", new CaseApi(new CaseQueries(w.database(), new LinkedHashSet<>(w.byId().keySet())),
                w.database(), w.accounts(), accountStatus));
        w.bind("console", new Console());
        w.bind("httpHeaders", new HttpHeaders());
        w.bind("apiDescription", new ApiDescription());
    }
}

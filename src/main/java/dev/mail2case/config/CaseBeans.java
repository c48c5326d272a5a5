package dev.mail2case.config;

import dev.mail2case.cases.CaseEvents;
import dev.mail2case.cases.CaseService;
import dev.mail2case.notify.CaseReport;
import dev.mail2case.thread.QuoteStripper;

/** The case store's beans: what the record stage and the timers call. */
final class CaseBeans {
    private static final QuoteStripper QUOTES = new QuoteStripper();

    private CaseBeans() {
    }

    static CaseEvents bind(Wiring w, NotifyBeans notify) {
        CaseEvents caseEvents = new CaseEvents(w.database(), notify.client(), notify.staff(),
                new CaseReport(notify.templates(), w.token()::token), w.clock());
        w.bind("caseEvents", caseEvents);
        w.bind("caseService", new CaseService(w.database(), notify.outbox(), w.byId(), notify.blocks(),
                mail -> QUOTES.strip(mail).text(),
                w.integer("mail2case.case-flood.limit", 100, 1, 1_000_000),
                w.duration("mail2case.case-flood.window", "PT24H"),
                w.duration("mail2case.case-flood.block", "PT12H"), notify.client(), notify.staff()));
        return caseEvents;
    }
}

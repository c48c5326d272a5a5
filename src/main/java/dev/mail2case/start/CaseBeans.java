package dev.mail2case.start;

import dev.mail2case.cases.CaseEvents;
import dev.mail2case.cases.CaseNotices;
import dev.mail2case.cases.CaseRepository;
import dev.mail2case.cases.CaseService;
import dev.mail2case.notify.CaseMailNotices;
import dev.mail2case.notify.CaseReport;
import dev.mail2case.thread.QuoteStripper;

/** The case store's beans: what the record stage and the timers call. */
final class CaseBeans {
    private static final QuoteStripper QUOTES = new QuoteStripper();

    private CaseBeans() {
    }

    static CaseEvents bind(Wiring w, NotifyBeans notify) {
        CaseNotices notices = new CaseMailNotices(notify.outbox(), notify.client(), notify.staff(),
                new CaseReport(notify.templates(), w.token()::token));
        CaseEvents caseEvents = new CaseEvents(w.database(), new CaseRepository(), notices, w.clock());
        w.bind("caseEvents", caseEvents);
        w.bind("caseService", CaseService.create(w.database(), w.byId(), notices, notify.blocks()::blockCase,
                mail -> QUOTES.strip(mail).text(), w.token()::token,
                w.integer("mail2case.case-flood.limit", 100, 1, 1_000_000),
                w.duration("mail2case.case-flood.window", "PT24H"),
                w.duration("mail2case.case-flood.block", "PT12H")));
        return caseEvents;
    }
}

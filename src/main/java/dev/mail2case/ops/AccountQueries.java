package dev.mail2case.ops;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.config.Times;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.ScheduledPollConsumer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail accounts as the console's account panel shows them: settings without secrets, the poller
 * route's state and counters, how the account is read ({@link AccountStatus}) and the mail it brought.
 */
final class AccountQueries {
    private final Database database;
    private final List<AccountSettings> accounts;
    private final AccountStatus status;

    AccountQueries(Database database, List<AccountSettings> accounts, AccountStatus status) {
        this.database = database;
        this.accounts = accounts;
        this.status = status;
    }

    List<Map<String, Object>> accounts(CamelContext context) {
        Map<String, Object[]> mail = byAccount("SELECT account, max(received_at), count(*) FROM inbound_mail GROUP BY account");
        Map<String, Object[]> failing = byAccount("""
                SELECT DISTINCT ON (account) account, count(*) OVER (PARTITION BY account), last_failed_at, reasons
                  FROM inbound_failures ORDER BY account, last_failed_at DESC""");
        Map<String, Object[]> quarantined = byAccount(
                "SELECT account, count(*) FROM quarantine WHERE replayed_at IS NULL GROUP BY account");
        List<Map<String, Object>> out = new ArrayList<>();
        for (AccountSettings a : accounts) {
            Map<String, Object> m = settings(a);
            poller(context, a, m);
            AccountStatus.Entry poll = status.get(a.id());
            m.put("lastPollAt", poll == null ? null : utc(poll.lastPoll()));
            m.put("lastPollMails", poll == null ? null : poll.lastPollMails());
            m.put("lastPollErrorAt", poll == null ? null : utc(poll.lastErrorAt()));
            m.put("lastPollError", poll == null ? null : poll.lastErrorThrown());
            Object[] got = mail.get(a.id());
            m.put("lastMailAt", got == null ? null : Times.of(got[1]));
            m.put("mails", got == null ? 0L : ((Number) got[2]).longValue());
            Object[] f = failing.get(a.id());
            m.put("failingMails", f == null ? 0L : ((Number) f[1]).longValue());
            m.put("lastFailureAt", f == null ? null : Times.of(f[2]));
            m.put("lastFailure", f == null ? null : f[3]);
            Object[] q = quarantined.get(a.id());
            m.put("quarantined", q == null ? 0L : ((Number) q[1]).longValue());
            out.add(m);
        }
        return out;
    }

    /** The rows of a query whose first column is the account, by account. */
    @SuppressWarnings("unchecked")
    private Map<String, Object[]> byAccount(String sql) {
        Map<String, Object[]> out = new LinkedHashMap<>();
        database.inTransaction(em -> (List<Object[]>) em.createNativeQuery(sql).getResultList())
                .forEach(r -> out.put((String) r[0], r));
        return out;
    }

    private static Map<String, Object> settings(AccountSettings a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("address", a.address());
        m.put("protocol", a.protocol());
        m.put("server", a.host() + ":" + a.port());
        m.put("folder", a.folder());
        m.put("purpose", a.purpose());
        m.put("unknownSenders", a.unknownSenders());
        m.put("polled", a.poll());
        return m;
    }

    /** The poller route's state and, for a polling consumer, Camel's counts of its polls. */
    private static void poller(CamelContext context, AccountSettings a, Map<String, Object> m) {
        Route route = context.getRoute("account-" + a.id());
        m.put("state", route == null ? (a.poll() ? "not running" : "not polled")
                : String.valueOf(context.getRouteController().getRouteStatus(route.getRouteId())));
        if (route != null && route.getConsumer() instanceof ScheduledPollConsumer poller) {
            m.put("polls", poller.getCounter());
            m.put("failedPolls", poller.getErrorCounter());
            m.put("pollingNow", poller.isPolling());
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}

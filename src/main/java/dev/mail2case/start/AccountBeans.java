package dev.mail2case.start;

import dev.mail2case.auth.AccountPollStrategy;
import dev.mail2case.auth.AccountStatus;
import dev.mail2case.auth.MailLogins;
import dev.mail2case.auth.TokenAuthenticator;
import dev.mail2case.auth.TokenCache;
import dev.mail2case.auth.TokenSources;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.graph.GraphAccounts;
import dev.mail2case.intake.MailboxComponent;
import dev.mail2case.intake.SeenAfterPoll;
import dev.mail2case.push.ImapIdle;
import dev.mail2case.push.PollScheduler;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.spi.Registry;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;

/** What each account's poller route names: its session settings, its login and its poll strategy. */
final class AccountBeans {
    private AccountBeans() {
    }

    static String mailPropertiesBean(AccountSettings a) {
        return "mailProperties-" + a.id();
    }

    static void bind(Wiring w, AccountStatus accountStatus) {
        // camel-mail with the accounts' consumer threads; mails about one case keep their order.
        for (String scheme : new String[] {"imap", "imaps", "pop3", "pop3s"}) {
            w.bind(scheme, new MailboxComponent(w.token()::find));
        }
        for (AccountSettings a : w.accounts()) {
            Properties session = MailLogins.session(a);
            if (a.protocol().startsWith("imap")) {
                // The poll's seen flags in one STORE as the poller closes the folder.
                session.setProperty("mail." + a.protocol() + ".folder.class", SeenAfterPoll.class.getName());
            }
            w.bind(mailPropertiesBean(a), session);
            if (a.poll() && a.protocol().equals("graph")) {
                GraphAccounts.bind(w.registry(), w.settings(), a, w.database(), accountStatus, w.clock());
            } else if (a.poll()) {
                bindPolled(w.registry(), a, accountStatus, w.clock());
            }
        }
    }

    /** Binds {@code mailAuthenticator-ID} and {@code pollStrategy-ID} for a polled mail account. */
    private static void bindPolled(Registry registry, AccountSettings a, AccountStatus status, Clock clock) {
        status.register(a.id(), "poll " + a.protocol());
        TokenAuthenticator tokens = null;
        MailAuthenticator login;
        if (a.oauth2Login()) {
            tokens = new TokenAuthenticator(a.username(), new TokenCache(TokenSources.of(a.oauth2(), clock), clock));
            login = tokens;
            status.credentialWarning(a.id(), a.oauth2().expiryWarning(LocalDate.now(clock)).orElse(null));
        } else {
            login = new DefaultAuthenticator(a.username(), a.password());
        }
        registry.bind("mailAuthenticator-" + a.id(), login);
        String reading = "poll " + a.protocol() + " every " + a.pollDelayMillis() + " ms";
        status.reading(a.id(), reading);
        ImapIdle idle = null;
        if (a.push()) {
            MailAuthenticator l = login;
            idle = new ImapIdle(a.id(), a.protocol(), a.host(), a.port(), a.folder(),
                    MailLogins.session(a), l::getPasswordAuthentication,
                    Duration.ofSeconds(a.idleReissueSeconds()),
                    Duration.ofMillis(Math.max(1000, a.pollDelayMillis())), status, reading);
        }
        registry.bind("pollScheduler-" + a.id(), new PollScheduler(a.pollDelayMillis(), idle));
        registry.bind("pollStrategy-" + a.id(), new AccountPollStrategy(a.id(), status, tokens,
                day -> a.oauth2Login() ? a.oauth2().expiryWarning(day) : Optional.empty(), clock,
                a.pollDelayMillis(), a.errorBackoffPolls()));
    }
}

package dev.mail2case.auth;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Settings;
import org.apache.camel.component.mail.DefaultAuthenticator;
import org.apache.camel.component.mail.MailAuthenticator;
import org.apache.camel.spi.Registry;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Properties;

/** Makes the login (password or OAuth2 token) of each mail account and of the outgoing SMTP server. */
public final class MailLogins {
    private MailLogins() {
    }

    /**
     * The outgoing login from {@code mail2case.smtp.auth} (none, password, oauth2). With oauth2 the SMTP
     * session offers XOAUTH2 with a token for {@code mail2case.smtp.username}.
     */
    public static OutgoingLogin smtp(Settings s, Properties smtp, Clock clock) {
        Optional<String> username = s.get("mail2case.smtp.username");
        String auth = s.oneOf("mail2case.smtp.auth", username.isPresent() ? "password" : "none",
                "none", "password", "oauth2");
        if (!auth.equals("oauth2")) {
            return new OutgoingLogin(new DefaultAuthenticator(username.orElse(null),
                    s.get("mail2case.smtp.password").orElse(null)));
        }
        String user = s.require("mail2case.smtp.username");
        OAuth2Settings oauth = OAuth2Settings.of(s, "mail2case.smtp", false, user);
        smtp.setProperty("mail.smtp.auth", "true");
        oauth.loginProperties(smtp, "smtp");
        oauth.expiryWarning(LocalDate.now(clock)).ifPresent(w ->
                org.slf4j.LoggerFactory.getLogger(MailLogins.class).warn("Outgoing mail: {}", w));
        return new OutgoingLogin(new TokenAuthenticator(user, new TokenCache(oauth.tokenSource(clock), clock)));
    }

    /** Binds {@code mailAuthenticator-ID} and {@code pollStrategy-ID} for a polled mail account. */
    public static void bindAccount(Registry registry, AccountSettings a, AccountStatus status, Clock clock) {
        status.register(a.id(), "poll " + a.protocol());
        TokenAuthenticator tokens = null;
        MailAuthenticator login;
        if (a.oauth2Login()) {
            tokens = new TokenAuthenticator(a.username(), new TokenCache(a.oauth2().tokenSource(clock), clock));
            login = tokens;
            status.credentialWarning(a.id(), a.oauth2().expiryWarning(LocalDate.now(clock)).orElse(null));
        } else {
            login = new DefaultAuthenticator(a.username(), a.password());
        }
        registry.bind("mailAuthenticator-" + a.id(), login);
        String reading = "poll " + a.protocol() + " every " + a.pollDelayMillis() + " ms";
        status.reading(a.id(), reading);
        dev.mail2case.push.ImapIdle idle = null;
        if (a.push()) {
            MailAuthenticator l = login;
            idle = new dev.mail2case.push.ImapIdle(a.id(), a.protocol(), a.host(), a.port(), a.folder(),
                    a.javaMailProperties(), l::getPasswordAuthentication,
                    java.time.Duration.ofSeconds(a.idleReissueSeconds()),
                    java.time.Duration.ofMillis(Math.max(1000, a.pollDelayMillis())), status, reading);
        }
        registry.bind("pollScheduler-" + a.id(), new dev.mail2case.push.PollScheduler(a.pollDelayMillis(), idle));
        registry.bind("pollStrategy-" + a.id(), new AccountPollStrategy(a.id(), status, tokens,
                day -> a.oauth2Login() ? a.oauth2().expiryWarning(day) : Optional.empty(), clock,
                a.pollDelayMillis(), a.errorBackoffPolls()));
    }
}

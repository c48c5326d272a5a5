package dev.mail2case.auth;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.OAuth2Settings;
import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import org.apache.camel.component.mail.DefaultAuthenticator;

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
        loginProperties(oauth, smtp, "smtp");
        oauth.expiryWarning(LocalDate.now(clock)).ifPresent(w ->
                org.slf4j.LoggerFactory.getLogger(MailLogins.class).warn("Outgoing mail: {}", w));
        return new OutgoingLogin(new TokenAuthenticator(user, new TokenCache(TokenSources.of(oauth, clock), clock)));
    }

    /** Jakarta Mail session settings: timeouts so a hung server never stalls the poller, and STARTTLS. */
    public static Properties session(AccountSettings a) {
        Properties p = new Properties();
        String prefix = "mail." + a.protocol() + ".";
        p.setProperty(prefix + "connectiontimeout", "15000");
        p.setProperty(prefix + "timeout", "60000");
        p.setProperty(prefix + "writetimeout", "60000");
        if (a.startTls()) {
            p.setProperty(prefix + "starttls.enable", "true");
            p.setProperty(prefix + "starttls.required", "true");
        }
        if (a.oauth2Login()) {
            loginProperties(a.oauth2(), p, a.protocol());
        }
        return p;
    }

    /**
     * The Jakarta Mail properties of the login for a protocol ({@code imap}, {@code smtp}...): XOAUTH2, and
     * with {@code mechanism=oauthbearer} SASL OAUTHBEARER first where the server offers it (IMAP and SMTP).
     */
    static void loginProperties(OAuth2Settings o, Properties p, String protocol) {
        String prefix = "mail." + protocol + ".";
        p.setProperty(prefix + "auth.mechanisms", "XOAUTH2");
        if (protocol.equals("pop3")) {
            p.setProperty("mail.pop3.class", CheckedPop3Store.class.getName());
        } else if (protocol.equals("pop3s")) {
            p.setProperty("mail.pop3s.class", CheckedPop3Store.Tls.class.getName());
        }
        if (o.mechanism().equals("oauthbearer")) {
            if (protocol.startsWith("pop3")) {
                throw new SettingException(o.prefix() + ".oauth2.mechanism", "is 'oauthbearer', but POP3 logs in"
                        + " with XOAUTH2 only");
            }
            OAuthBearerSasl.install();
            p.setProperty(prefix + "sasl.enable", "true");
            p.setProperty(prefix + "sasl.mechanisms", OAuthBearerSasl.MECHANISM);
        }
    }
}

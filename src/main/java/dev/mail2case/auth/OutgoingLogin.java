package dev.mail2case.auth;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailAuthenticator;

/**
 * The outgoing SMTP login: a password, none, or an OAuth2 token. After a failed send whose login the
 * server refused, the token is dropped, so the next try asks the provider for a new one instead of
 * offering the revoked token again until it would have expired.
 */
public final class OutgoingLogin extends MailAuthenticator {
    private final MailAuthenticator login;

    public OutgoingLogin(MailAuthenticator login) {
        this.login = login;
    }

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        return login.getPasswordAuthentication();
    }

    /** Called by the delivery's error handling with the failed exchange. */
    public void failed(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (login instanceof TokenAuthenticator tokens && AccountPollStrategy.refusedLogin(cause)) {
            tokens.tokens().invalidate();
        }
    }
}

package dev.mail2case.auth;

import jakarta.mail.PasswordAuthentication;
import org.apache.camel.component.mail.MailAuthenticator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands Jakarta Mail the mailbox name and a fresh access token at every login; with
 * {@code mail.PROTOCOL.auth.mechanisms=XOAUTH2} the token goes out as the SASL XOAUTH2 bearer.
 *
 * <p>When the provider gives no token the login gets no password, so it fails before reaching the mail
 * server, and {@link #lastFailure()} tells why. Camel also asks at start-up (for the user name), where a
 * provider's outage must not stop the application.
 */
public final class TokenAuthenticator extends MailAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(TokenAuthenticator.class);

    private final String username;
    private final TokenCache tokens;
    private volatile TokenException lastFailure;

    public TokenAuthenticator(String username, TokenCache tokens) {
        this.username = username;
        this.tokens = tokens;
    }

    @Override
    public PasswordAuthentication getPasswordAuthentication() {
        try {
            String token = tokens.current();
            lastFailure = null;
            return new PasswordAuthentication(username, token);
        } catch (TokenException e) {
            TokenException previous = lastFailure;
            if (previous == null || !previous.getMessage().equals(e.getMessage())) {
                LOG.warn("No access token for {} from {}: {}", username, tokens.describe(), e.getMessage());
            }
            lastFailure = e;
            return new PasswordAuthentication(username, null);
        }
    }

    /** Why the last token request failed, or null once one succeeded. */
    public TokenException lastFailure() {
        return lastFailure;
    }

    public TokenCache tokens() {
        return tokens;
    }
}

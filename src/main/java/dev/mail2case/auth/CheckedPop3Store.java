package dev.mail2case.auth;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.pop3.POP3Store;

/**
 * POP3 with XOAUTH2, where Angus Mail takes the server's error challenge for success: {@code connect}
 * returns and only the next command fails ("Open failed"), which the poller would log and count as an
 * empty poll. Checking the connection right after the login turns a refused token into the
 * authentication failure it is, so the account shows DEGRADED with the reason.
 */
public class CheckedPop3Store extends POP3Store {
    public CheckedPop3Store(Session session, URLName url) {
        this(session, url, "pop3", false);
    }

    protected CheckedPop3Store(Session session, URLName url, String name, boolean ssl) {
        super(session, url, name, ssl);
    }

    @Override
    public synchronized void connect(String host, int port, String user, String password) throws MessagingException {
        super.connect(host, port, user, password);
        if (!isConnected()) {
            throw new AuthenticationFailedException("the POP3 server refused the XOAUTH2 login of " + user);
        }
    }

    /** The same over implicit TLS ({@code pop3s}). */
    public static class Tls extends CheckedPop3Store {
        public Tls(Session session, URLName url) {
            super(session, url, "pop3s", true);
        }
    }
}

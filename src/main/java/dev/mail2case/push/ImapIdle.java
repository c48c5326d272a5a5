package dev.mail2case.push;

import dev.mail2case.auth.AccountStatus;
import jakarta.mail.Authenticator;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Watches an IMAP folder with IDLE on a connection of its own and asks for a poll the moment the server
 * reports new mail. IDLE is re-issued well inside the 29 minutes RFC 2177 allows; when the server has no
 * IDLE, or the connection fails, the account goes on being polled and the watcher tries again later.
 * The polls themselves (and so the flags, moves and deletes after the commit) stay with the normal poller.
 */
public class ImapIdle {
    private static final Logger LOG = LoggerFactory.getLogger(ImapIdle.class);

    private final String account;
    private final String protocol;
    private final String host;
    private final int port;
    private final String folder;
    private final Properties properties;
    private final Supplier<PasswordAuthentication> login;
    private final Duration reissue;
    private final Duration retry;
    private final AccountStatus status;
    private final String pollReading;
    private volatile boolean running;
    private final java.util.concurrent.atomic.AtomicLong idles = new java.util.concurrent.atomic.AtomicLong();
    private volatile IMAPStore store;
    private Thread thread;
    private ScheduledExecutorService reissuer;

    public ImapIdle(String account, String protocol, String host, int port, String folder, Properties properties,
                    Supplier<PasswordAuthentication> login, Duration reissue, Duration retry, AccountStatus status,
                    String pollReading) {
        this.account = account;
        this.protocol = protocol;
        this.host = host;
        this.port = port;
        this.folder = folder;
        this.properties = properties;
        this.login = login;
        this.reissue = reissue;
        this.retry = retry;
        this.status = status;
        this.pollReading = pollReading;
    }

    synchronized void start(Runnable onNewMail) {
        if (running) {
            return;
        }
        running = true;
        reissuer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "idle-reissue-" + account));
        thread = daemon(() -> watch(onNewMail), "idle-" + account);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        if (reissuer != null) {
            reissuer.shutdownNow();
        }
        closeStore();
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** How many IDLE commands were issued so far (one more after every re-issue or new mail). */
    public long idlesIssued() {
        return idles.get();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void watch(Runnable onNewMail) {
        while (running) {
            try {
                watchOnce(onNewMail);
            } catch (MessagingException | RuntimeException e) {
                if (!running) {
                    return;
                }
                status.reading(account, pollReading + " (push lost: " + e.getMessage() + ")");
            }
            closeStore();
            if (!running) {
                return;
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void watchOnce(Runnable onNewMail) throws MessagingException {
        Session session = Session.getInstance(properties, new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return login.get();
            }
        });
        PasswordAuthentication credentials = login.get();
        IMAPStore s = (IMAPStore) session.getStore(protocol);
        store = s;
        s.connect(host, port, credentials.getUserName(), credentials.getPassword());
        if (!s.hasCapability("IDLE")) {
            status.reading(account, pollReading + " (the server offers no IDLE)");
            running = false;
            return;
        }
        IMAPFolder f = (IMAPFolder) s.getFolder(folder);
        f.open(Folder.READ_ONLY);
        f.addMessageCountListener(new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
                onNewMail.run();
            }
        });
        status.reading(account, "push (IMAP IDLE) and " + pollReading);
        // Mail that came while no IDLE was running.
        onNewMail.run();
        // Any call on the folder from another thread ends the IDLE; the loop below starts a new one.
        var renewal = reissuer.scheduleWithFixedDelay(() -> {
            try {
                f.getMessageCount();
            } catch (MessagingException | RuntimeException e) {
                closeStore();
            }
        }, reissue.toMillis(), reissue.toMillis(), TimeUnit.MILLISECONDS);
        try {
            while (running && f.isOpen()) {
                idles.incrementAndGet();
                f.idle();
            }
        } finally {
            renewal.cancel(false);
        }
    }

    private void closeStore() {
        IMAPStore s = store;
        store = null;
        if (s != null) {
            try {
                s.close();
            } catch (MessagingException | RuntimeException e) {
                LOG.debug("Closing the IDLE connection of {}: {}", account, e.getMessage());
            }
        }
    }
}

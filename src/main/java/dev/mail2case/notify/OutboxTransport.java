package dev.mail2case.notify;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import java.io.IOException;
import java.io.OutputStream;

/**
 * SMTP as Angus Mail speaks it, with the two moments exactly-once delivery needs: just before DATA the
 * outbox row is committed as "data started" (conditional on this sender's claim, so a sender that lost
 * its claim stops before anything is sent), and the server's 250 after the data is noted with its time.
 * Chosen through the session property {@code mail.smtp.class}, so the SMTP endpoint stays as it is.
 */
public class OutboxTransport extends SMTPTransport {
    private Message current;

    public OutboxTransport(Session session, URLName url) {
        super(session, url);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        current = message;
        try {
            super.sendMessage(message, addresses);
        } finally {
            current = null;
        }
    }

    @Override
    protected OutputStream data() throws MessagingException {
        if (current instanceof OutboxDelivery.FixedIdMessage m) {
            m.beforeData();
        }
        return super.data();
    }

    @Override
    protected void finishData() throws IOException, MessagingException {
        super.finishData();
        if (current instanceof OutboxDelivery.FixedIdMessage m) {
            m.accepted();
        }
    }
}

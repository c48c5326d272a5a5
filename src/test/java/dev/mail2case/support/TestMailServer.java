package dev.mail2case.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;

import java.io.ByteArrayInputStream;
import java.util.Properties;

/** GreenMail with SMTP, IMAP and POP3 on free localhost ports. */
public final class TestMailServer implements AutoCloseable {
    public static final String PASSWORD = "test-login";

    private final GreenMail greenMail;

    public TestMailServer() {
        greenMail = new GreenMail(new ServerSetup[]{
                ServerSetupTest.SMTP.dynamicPort(), ServerSetupTest.IMAP.dynamicPort(), ServerSetupTest.POP3.dynamicPort()});
        greenMail.start();
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public void addAccount(String address) {
        greenMail.setUser(address, address, PASSWORD);
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    public int pop3Port() {
        return greenMail.getPop3().getPort();
    }

    public Session session() {
        Properties p = new Properties();
        p.setProperty("mail.smtp.host", "127.0.0.1");
        p.setProperty("mail.smtp.port", Integer.toString(smtpPort()));
        return Session.getInstance(p);
    }

    /** Sends a mail through SMTP as a mail client would. */
    public void send(MimeMessage message) throws MessagingException {
        Transport.send(message);
    }

    /** Sends raw bytes through SMTP, exactly as given (Message-ID and all). */
    /** Sends a plain-text mail as a person would write it. */
    public void send(String from, String to, String subject, String text) throws MessagingException {
        MimeMessage m = new MimeMessage(session());
        m.setFrom(new jakarta.mail.internet.InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new jakarta.mail.internet.InternetAddress(to));
        m.setSubject(subject, "UTF-8");
        m.setText(text, "UTF-8");
        send(m);
    }

    public void sendRaw(byte[] raw, String from, String to) throws MessagingException {
        MimeMessage m = new MimeMessage(session(), new ByteArrayInputStream(raw)) {
            @Override
            protected void updateMessageID() {
                // keep the Message-ID of the raw mail
            }
        };
        Transport.send(m, new jakarta.mail.Address[]{new jakarta.mail.internet.InternetAddress(to)});
    }

    /** Mail in an account's INBOX, read over IMAP: total and how many are still unseen. */
    public int[] inboxCounts(String address) throws MessagingException {
        Properties p = new Properties();
        Store store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", imapPort(), address, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int total = inbox.getMessageCount();
            int unseen = 0;
            for (Message m : inbox.getMessages()) {
                if (!m.isSet(Flags.Flag.SEEN)) {
                    unseen++;
                }
            }
            inbox.close(false);
            return new int[]{total, unseen};
        } finally {
            store.close();
        }
    }

    /** Mail GreenMail received for one address (acknowledgements and notifications land here). */
    public MimeMessage[] receivedBy(String address) {
        return java.util.Arrays.stream(greenMail.getReceivedMessages()).filter(m -> {
            try {
                for (var a : m.getAllRecipients()) {
                    if (a.toString().toLowerCase().contains(address.toLowerCase())) {
                        return true;
                    }
                }
                return false;
            } catch (MessagingException e) {
                return false;
            }
        }).toArray(MimeMessage[]::new);
    }

    /** The plain text of a mail we sent: the whole body, or its text/plain part when it has HTML or attachments. */
    public static String text(jakarta.mail.Part part) {
        try {
            if (part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
            if (part.isMimeType("multipart/*")) {
                jakarta.mail.Multipart multipart = (jakarta.mail.Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    String text = text(multipart.getBodyPart(i));
                    if (text != null) {
                        return text;
                    }
                }
            }
            return null;
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}

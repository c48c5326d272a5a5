package dev.mail2case.intake;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPMessage;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.ListInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The poller's IMAP folder (Angus Mail's {@code mail.imap.folder.class}): the seen flag the poller sets on
 * each mail once its case is committed goes to the server for the whole poll in one STORE as the poll
 * closes the folder, instead of one STORE per mail. Each flag still follows its mail's commit; a mail
 * whose flag is lost (the connection dropped first) is fetched again and let go as taken before. Every
 * other flag change (quarantine, deletion) goes to the server at once, as before.
 */
public class SeenAfterPoll extends IMAPFolder {
    private static final Logger LOG = LoggerFactory.getLogger(SeenAfterPoll.class);
    private static final Flags SEEN = new Flags(Flags.Flag.SEEN);

    private final List<Message> seen = new ArrayList<>();

    public SeenAfterPoll(String fullName, char separator, IMAPStore store, Boolean isNamespace) {
        super(fullName, separator, store, isNamespace);
    }

    public SeenAfterPoll(ListInfo li, IMAPStore store) {
        super(li, store);
    }

    @Override
    protected IMAPMessage newIMAPMessage(int number) {
        return new Mail(this, number);
    }

    @Override
    public synchronized void close(boolean expunge) throws MessagingException {
        flagSeen();
        super.close(expunge);
    }

    /** The poll's seen flags in one command, while the folder is still open. */
    synchronized void flagSeen() {
        if (seen.isEmpty()) {
            return;
        }
        Message[] these = seen.toArray(new Message[0]);
        seen.clear();
        try {
            setFlags(these, SEEN, true); // a closed folder refuses it, like a dropped connection
        } catch (MessagingException | RuntimeException e) {
            LOG.info("{} committed mails on {} could not be flagged seen ({}); the next poll takes them again and"
                    + " lets them go as taken before", these.length, getFullName(), MailFailures.describe(e));
        }
    }

    private synchronized void later(Message m) {
        seen.add(m);
    }

    /** A message whose plain "seen" waits for the poll's one STORE. */
    static final class Mail extends IMAPMessage {
        Mail(SeenAfterPoll folder, int number) {
            super(folder, number);
        }

        @Override
        public synchronized void setFlags(Flags flags, boolean set) throws MessagingException {
            if (set && SEEN.equals(flags) && getFolder() instanceof SeenAfterPoll f && f.isOpen()) {
                f.later(this);
                return;
            }
            super.setFlags(flags, set);
        }
    }
}

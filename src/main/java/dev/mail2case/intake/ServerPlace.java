package dev.mail2case.intake;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a mail sits on its server, for a mail whose bytes could not be fetched: failures are counted
 * against this place (IMAP UIDVALIDITY and UID, POP3 UIDL) since there is no Message-ID to count them by.
 */
final class ServerPlace {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPlace.class);

    /** The server's message (jakarta.mail.Message) whose bytes could not be fetched. */
    static final String MESSAGE = "mail2caseServerMessage";
    /** Keyword set on such a mail once it is quarantined, so people see why it stays. */
    static final String QUARANTINED_KEYWORD = "$Mail2caseQuarantined";

    private ServerPlace() {
    }

    static String of(Message message) {
        Folder folder = message.getFolder();
        try {
            if (folder instanceof UIDFolder uids) {
                return "imap-uid:" + folder.getFullName() + ":" + uids.getUIDValidity() + ":" + uids.getUID(message);
            }
            if (folder instanceof org.eclipse.angus.mail.pop3.POP3Folder pop3) {
                String uidl = pop3.getUID(message);
                if (uidl != null) {
                    return "pop3-uidl:" + uidl;
                }
            }
        } catch (Exception e) {
            LOG.debug("No UID for message {}: {}", message.getMessageNumber(), e.toString());
        }
        return "message-number:" + (folder == null ? "" : folder.getFullName()) + ":" + message.getMessageNumber();
    }

    /** Seen, flagged and marked, so the poller passes it by and a person finds it; POP3 has no flags. */
    static void flagQuarantined(Message message) {
        try {
            Flags flags = new Flags(Flags.Flag.SEEN);
            flags.add(Flags.Flag.FLAGGED);
            Flags permanent = message.getFolder() == null ? null : message.getFolder().getPermanentFlags();
            if (permanent != null && permanent.contains(Flags.Flag.USER)) {
                flags.add(QUARANTINED_KEYWORD);
            }
            message.setFlags(flags, true);
        } catch (Exception e) {
            LOG.warn("Quarantined mail {} could not be flagged on the server: {}", message.getMessageNumber(),
                    MailFailures.describe(e));
        }
    }
}

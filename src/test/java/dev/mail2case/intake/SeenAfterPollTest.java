package dev.mail2case.intake;

import dev.mail2case.support.TestMailServer;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The poller's folder: seen flags go to the server together when the poll closes it; other flags at once. */
class SeenAfterPollTest {
    private static final String BOX = "desk@seen.example";
    private final TestMailServer mail = new TestMailServer();
    private Store store;

    @BeforeEach
    void threeMails() throws Exception {
        mail.addAccount(BOX);
        for (int i = 1; i <= 3; i++) {
            mail.send("client@seen.example", BOX, "Request " + i, "Please help with " + i + ".");
        }
        Properties p = new Properties();
        p.setProperty("mail.imap.folder.class", SeenAfterPoll.class.getName());
        store = Session.getInstance(p).getStore("imap");
        store.connect("127.0.0.1", mail.imapPort(), BOX, TestMailServer.PASSWORD);
    }

    @AfterEach
    void close() throws Exception {
        store.close();
        mail.close();
    }

    @Test
    void committedMailsAreFlaggedSeenTogetherWhenThePollClosesTheFolder() throws Exception {
        Folder inbox = store.getFolder("INBOX");
        assertInstanceOf(SeenAfterPoll.class, inbox, "Angus Mail makes the folder from mail.imap.folder.class");
        inbox.open(Folder.READ_WRITE);
        Message[] m = inbox.getMessages();
        m[0].setFlag(Flags.Flag.SEEN, true);
        m[1].setFlag(Flags.Flag.SEEN, true);
        assertEquals(3, mail.inboxCounts(BOX)[1], "nothing is flagged while the poll is still taking mail");
        inbox.close(false);
        assertEquals(1, mail.inboxCounts(BOX)[1], "the two committed mails are seen once the poll is over");
    }

    @Test
    void aQuarantinedMailIsFlaggedAtOnce() throws Exception {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        Flags quarantined = new Flags(Flags.Flag.SEEN);
        quarantined.add(Flags.Flag.FLAGGED);
        inbox.getMessage(1).setFlags(quarantined, true);
        assertEquals(2, mail.inboxCounts(BOX)[1], "seen and flagged together go to the server at once");
        inbox.close(false);
    }

    @Test
    void loggingOutFlagsTheCommittedMailsFirst() throws Exception {
        Folder inbox = store.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        inbox.getMessage(1).setFlag(Flags.Flag.SEEN, true);
        store.close(); // a poller that logs out after each poll (OAuth2 accounts) without closing the folder
        assertEquals(2, mail.inboxCounts(BOX)[1]);
    }
}

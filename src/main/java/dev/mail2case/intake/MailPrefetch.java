package dev.mail2case.intake;

import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.UIDFolder;
import org.apache.camel.Route;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Fetches a poll's worth of IMAP mail in a few commands instead of several per mail: the poller asks for
 * each message's id before it takes any, and the first ask fetches, for the next poll's worth of messages,
 * their flags and UIDs in one FETCH, their sizes in another, and the whole raw bytes of those up to
 * {@link #LARGEST} in a third (BODY.PEEK[], so nothing is marked seen before the commit). Larger mail, and
 * any mail this could not fetch, is still fetched alone when it is taken, as before. The envelope is never
 * asked for. POP3 folders are left alone.
 */
public class MailPrefetch implements MailUidGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(MailPrefetch.class);
    /** Mail up to this size is fetched with its batch; larger mail alone, when it is taken. */
    static final long LARGEST = 4L * 1024 * 1024;
    /** At most this much raw mail held at once by one prefetch. */
    static final long BUDGET = 32L * 1024 * 1024;

    private final Set<Message> fetched = Collections.newSetFromMap(new WeakHashMap<>());
    private Folder folder;
    private int window;

    @Override
    public synchronized String generateUuid(MailEndpoint endpoint, Message message) {
        if (message.getFolder() instanceof IMAPFolder imap && imap.isOpen()) {
            if (imap != folder) {
                fetched.clear();
                folder = imap;
            }
            if (!fetched.contains(message)) {
                prefetch(imap, message.getMessageNumber(), window(endpoint));
            }
            try {
                return "imap-uid:" + imap.getUIDValidity() + ":" + imap.getUID(message);
            } catch (Exception e) {
                LOG.debug("No UID for message {}: {}", message.getMessageNumber(), e.toString());
            }
        }
        return Integer.toString(message.getMessageNumber());
    }

    private void prefetch(IMAPFolder imap, int first, int count) {
        try {
            int last = Math.min(imap.getMessageCount(), first + count - 1);
            if (last < first) {
                return;
            }
            Message[] window = imap.getMessages(first, last);
            Collections.addAll(fetched, window);
            FetchProfile flags = new FetchProfile();
            flags.add(FetchProfile.Item.FLAGS);
            flags.add(UIDFolder.FetchProfileItem.UID);
            imap.fetch(window, flags);
            if (!(imap.getStore() instanceof IMAPStore store) || !store.hasCapability("IMAP4rev1")) {
                return; // older servers would mark the mail seen when its whole body is fetched
            }
            Map<Integer, Long> sizes = sizes(imap, first, last);
            List<Message> small = new ArrayList<>();
            long held = 0;
            for (Message m : window) {
                Long size = sizes.get(m.getMessageNumber());
                if (size != null && size <= LARGEST && held + size <= BUDGET) {
                    small.add(m);
                    held += size;
                }
            }
            if (!small.isEmpty()) {
                FetchProfile whole = new FetchProfile();
                whole.add(IMAPFolder.FetchProfileItem.MESSAGE);
                imap.fetch(small.toArray(Message[]::new), whole);
            }
        } catch (Exception e) {
            // Each mail is then fetched alone when it is taken, and a failure counted against that mail only.
            LOG.debug("Fetching messages from {} on as one batch failed: {}", first, MailFailures.describe(e));
        }
    }

    /** RFC822.SIZE by message number, read from the protocol so the envelope is never loaded. */
    private static Map<Integer, Long> sizes(IMAPFolder imap, int first, int last) throws jakarta.mail.MessagingException {
        Map<Integer, Long> sizes = new HashMap<>();
        imap.doCommand(p -> {
            Response[] r = p.fetch(first, last, "RFC822.SIZE");
            for (Response response : r) {
                if (response instanceof FetchResponse f) {
                    RFC822SIZE size = f.getItem(RFC822SIZE.class);
                    if (size != null) {
                        sizes.put(f.getNumber(), size.size);
                    }
                }
            }
            // Other news the server sent along (new mail, expunges) reaches the folder as usual.
            p.notifyResponseHandlers(r);
            p.handleResult(r[r.length - 1]);
            return null;
        });
        return sizes;
    }

    /** The poller's own messages per poll, so one prefetch covers one poll. */
    private int window(MailEndpoint endpoint) {
        if (window == 0) {
            window = 50;
            for (Route route : endpoint.getCamelContext().getRoutes()) {
                if (route.getEndpoint() == endpoint && route.getConsumer() instanceof ScheduledBatchPollingConsumer c
                        && c.getMaxMessagesPerPoll() > 0) {
                    window = c.getMaxMessagesPerPoll();
                }
            }
        }
        return window;
    }
}

package dev.mail2case.intake;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import org.apache.camel.Route;
import org.apache.camel.component.mail.DefaultMailUidGenerator;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailUidGenerator;
import org.apache.camel.support.ScheduledBatchPollingConsumer;
import org.eclipse.angus.mail.iap.ByteArray;
import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.protocol.BODY;
import org.eclipse.angus.mail.imap.protocol.FetchResponse;
import org.eclipse.angus.mail.imap.protocol.IMAPProtocol;
import org.eclipse.angus.mail.imap.protocol.MessageSet;
import org.eclipse.angus.mail.imap.protocol.RFC822SIZE;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A poll's worth of IMAP mail in two commands instead of several per mail. The poller asks each message
 * for its key before it takes any; the first ask fetches, for the next poll's worth of messages, their
 * flags, UIDs and sizes in one FETCH, and the server's own bytes of the unseen ones up to {@link #LARGEST}
 * in a second (BODY.PEEK[], byte for byte as stored, nothing marked seen before the commit).
 * {@link MailIntake#take} then finds the bytes here. Larger mail, and mail a batch did not bring, is
 * fetched alone when it is taken, so a failure is counted against that mail only. The envelope is never
 * asked for. POP3 keeps Camel's own keys, which its commit looks the message up by.
 */
public class MailPrefetch implements MailUidGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(MailPrefetch.class);
    /** Mail up to this size comes with its batch; larger mail alone, when it is taken. */
    static final long LARGEST = 4L * 1024 * 1024;
    /** At most this much raw mail held at once. */
    static final long BUDGET = 32L * 1024 * 1024;
    /** Mail fetched alone comes in pieces of this size, into one array of the mail's own size. */
    static final int PIECE = 1024 * 1024;

    private final DefaultMailUidGenerator pop3Keys = new DefaultMailUidGenerator();
    /** Bytes fetched for messages not taken yet; keyed by the folder's own message objects. */
    private final Map<Message, byte[]> fetched = new IdentityHashMap<>();
    /** Messages a batch already looked at (fetched or not), so one poll asks the server once. */
    private final Map<Message, Boolean> covered = new IdentityHashMap<>();
    private long held;
    private int window;
    /** After a batch failed, this many messages are fetched alone, so the next poll pins the failure. */
    private int alone;

    @Override
    public synchronized String generateUuid(MailEndpoint endpoint, Message message) {
        if (!(message.getFolder() instanceof IMAPFolder imap) || !imap.isOpen()) {
            return pop3Keys.generateUuid(endpoint, message);
        }
        if (!covered.containsKey(message)) {
            forgetOtherPolls(imap);
            if (alone > 0) {
                alone--;
            } else {
                prefetch(imap, message, window(endpoint));
            }
        }
        try {
            return "imap-uid:" + imap.getUIDValidity() + ":" + imap.getUID(message);
        } catch (Exception e) {
            LOG.debug("No UID for message {}: {}", message.getMessageNumber(), e.toString());
            return "imap-number:" + message.getMessageNumber();
        }
    }

    /** The bytes a batch fetched for this message, once; null when it must be fetched alone. */
    synchronized byte[] take(Message message) {
        covered.remove(message);
        byte[] raw = fetched.remove(message);
        if (raw != null) {
            held -= raw.length;
        }
        return raw;
    }

    /** The bytes a batch fetched for this message, left in place for {@link #take}; null when there are none. */
    synchronized byte[] peek(Message message) {
        return fetched.get(message);
    }

    /** Messages of an earlier opening of the folder are no longer the folder's: their bytes are let go. */
    private void forgetOtherPolls(IMAPFolder imap) {
        if (covered.isEmpty()) {
            return;
        }
        int count;
        try {
            count = imap.getMessageCount();
        } catch (MessagingException e) {
            count = 0;
        }
        List<Message> stale = new ArrayList<>();
        for (Message m : covered.keySet()) {
            if (!current(imap, m, count)) {
                stale.add(m);
            }
        }
        for (Message m : stale) {
            covered.remove(m);
            byte[] raw = fetched.remove(m);
            if (raw != null) {
                held -= raw.length;
            }
        }
    }

    private static boolean current(IMAPFolder imap, Message m, int count) {
        try {
            int n = m.getMessageNumber();
            return m.getFolder() == imap && n >= 1 && n <= count && imap.getMessage(n) == m;
        } catch (Exception e) {
            return false;
        }
    }

    private void prefetch(IMAPFolder imap, Message first, int count) {
        Map<Integer, Message> byNumber = new HashMap<>();
        try {
            int from = first.getMessageNumber();
            int last = Math.min(imap.getMessageCount(), from + count - 1);
            if (last < from) {
                covered.put(first, Boolean.TRUE);
                return;
            }
            Message[] window = imap.getMessages(from, last);
            for (Message m : window) {
                covered.put(m, Boolean.TRUE);
                byNumber.put(m.getMessageNumber(), m);
            }
            // Flags, UIDs and sizes in one command: the poller's flag check and the UID then ask nothing more.
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.FLAGS);
            profile.add(FetchProfile.Item.SIZE);
            profile.add(UIDFolder.FetchProfileItem.UID);
            imap.fetch(window, profile);
            // BODY.PEEK is IMAP4rev1; an older server would mark the mail seen. Asked on the folder's own
            // connection: the store's would log in to the server once more for every poll.
            if (!Boolean.TRUE.equals(imap.doCommand(IMAPProtocol::isREV1))) {
                return;
            }
            List<Integer> wanted = new ArrayList<>();
            long budget = BUDGET - held;
            for (Message m : window) {
                Flags flags = m.getFlags();
                long size = m.getSize();
                if (flags.contains(Flags.Flag.SEEN) || flags.contains(Flags.Flag.DELETED)
                        || size < 0 || size > LARGEST || size > budget) {
                    continue;
                }
                budget -= size;
                wanted.add(m.getMessageNumber());
            }
            if (!wanted.isEmpty()) {
                fetchBytes(imap, byNumber, wanted);
            }
        } catch (Exception e) {
            // The next poll's worth is fetched alone, so a mail that breaks a batch is found and counted.
            alone = count;
            LOG.info("Fetching {} mails on {} as one batch failed; they are fetched one by one: {}", count,
                    imap.getFullName(), MailFailures.describe(e));
        }
    }

    private void fetchBytes(IMAPFolder imap, Map<Integer, Message> byNumber, List<Integer> numbers)
            throws MessagingException {
        int[] set = numbers.stream().mapToInt(Integer::intValue).toArray();
        imap.doCommand(p -> {
            Response[] r = p.fetch(MessageSet.createMessageSets(set), "BODY.PEEK[]");
            for (int i = 0; i < r.length; i++) {
                if (r[i] instanceof FetchResponse f) {
                    BODY body = f.getItem(BODY.class);
                    Message m = byNumber.get(f.getNumber());
                    if (body != null && m != null && body.getSection().isEmpty() && body.getByteArray() != null) {
                        ByteArray b = body.getByteArray();
                        byte[] raw = Arrays.copyOfRange(b.getBytes(), b.getStart(), b.getStart() + b.getCount());
                        byte[] earlier = fetched.put(m, raw);
                        held += raw.length - (earlier == null ? 0 : earlier.length);
                        r[i] = null; // ours, not news for the folder
                    }
                }
            }
            // Whatever else the server said (new mail, expunges, flag changes) reaches the folder as usual.
            p.notifyResponseHandlers(r);
            p.handleResult(r[r.length - 1]);
            return null;
        });
    }

    /**
     * The server's bytes of one message, in pieces of {@link #PIECE} into an array of the size the server
     * reports, never re-serialised. When the server reports too small a size, the rest is kept aside and
     * joined once at the end: growing the array by half, as a buffer does, held a 70 MB mail three times
     * over and ran a 256 MB heap out of room.
     */
    static byte[] fetchAlone(IMAPFolder imap, Message message) throws MessagingException {
        int number = message.getMessageNumber();
        return (byte[]) imap.doCommand(p -> {
            long reported = size(p, number);
            byte[] raw = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(0, reported))];
            Spill beyond = null;
            int length = 0;
            while (true) {
                BODY body = p.peekBody(number, "", length + (beyond == null ? 0 : beyond.size()), PIECE);
                if (body == null || body.getByteArray() == null) {
                    if (length > 0) {
                        break; // the end, reported as nothing rather than as an empty piece
                    }
                    throw new org.eclipse.angus.mail.iap.ProtocolException("the server sent no bytes for message "
                            + number + " from offset " + length);
                }
                ByteArray b = body.getByteArray();
                int n = b.getCount();
                int fits = Math.min(n, raw.length - length);
                System.arraycopy(b.getBytes(), b.getStart(), raw, length, fits);
                length += fits;
                if (fits < n) {
                    if (beyond == null) {
                        beyond = new Spill();
                    }
                    beyond.write(b.getBytes(), b.getStart() + fits, n - fits);
                }
                if (n < PIECE) {
                    break;
                }
            }
            if (beyond != null) {
                byte[] whole = Arrays.copyOf(raw, length + beyond.size());
                beyond.copyTo(whole, length);
                return whole;
            }
            return length == raw.length ? raw : Arrays.copyOf(raw, length);
        });
    }

    /** The bytes beyond the size the server reported. */
    private static final class Spill extends java.io.ByteArrayOutputStream {
        Spill() {
            super(PIECE);
        }

        void copyTo(byte[] into, int at) {
            System.arraycopy(buf, 0, into, at, count);
        }
    }

    private static long size(IMAPProtocol p, int number) throws org.eclipse.angus.mail.iap.ProtocolException {
        Response[] r = p.fetch(number, "RFC822.SIZE");
        long size = -1;
        for (int i = 0; i < r.length; i++) {
            if (r[i] instanceof FetchResponse f && f.getNumber() == number && f.getItem(RFC822SIZE.class) != null) {
                size = f.getItem(RFC822SIZE.class).size;
                r[i] = null;
            }
        }
        p.notifyResponseHandlers(r);
        p.handleResult(r[r.length - 1]);
        return size < 0 ? 64 * 1024 : size;
    }

    /** The poller's own messages per poll, so one batch covers one poll. */
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

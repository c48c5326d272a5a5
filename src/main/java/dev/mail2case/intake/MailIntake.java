package dev.mail2case.intake;

import dev.mail2case.config.Database;
import dev.mail2case.config.Jdbc;
import dev.mail2case.mail.HeaderFields;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import dev.mail2case.pipeline.Pipeline;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailEndpoint;
import org.apache.camel.component.mail.MailMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;

import java.io.ByteArrayOutputStream;

/** First stage: the raw bytes off the server, the idempotency key, and the parsed mail. */
public class MailIntake {

    private final Database database;
    private final java.util.Map<String, MailReader> readers;

    /** One reader per account, with that account's size limits. */
    public MailIntake(Database database, java.util.Map<String, MailReader> readers) {
        this.database = database;
        this.readers = readers;
    }

    private static final MailReader DEFAULT_READER = new MailReader();

    /** Places on the servers whose bytes could not be fetched since start-up ("account place"). */
    private final java.util.Set<String> unfetchable = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * First step of an account's poller: takes the server's message as raw bytes and puts a plain message
     * holding them in its place, so nothing downstream (Camel's error handling, the commit's flag or move)
     * ever asks the server's message for its envelope. Angus Mail's envelope getters (size, sent date,
     * sender) fail on envelopes a real server reports for ordinary mail ({@code To: undisclosed-recipients},
     * an address without a domain); the bytes are fetched without them. When even the bytes cannot be
     * fetched, the failure is counted against the message's place on the server (its UID) with the
     * server's words, and the mail is never deleted.
     */
    public void take(Exchange exchange) throws MailFetchException {
        if (!(exchange.getIn() instanceof MailMessage mailMessage) || mailMessage.getOriginalMessage() == null) {
            return;
        }
        Message original = mailMessage.getOriginalMessage();
        String account = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        // An earlier mail's failure may have closed the connection: then this mail is not to blame.
        boolean connected = original.getFolder() == null || original.getFolder().isOpen();
        String place = connected ? ServerPlace.of(original) : null;
        org.apache.camel.support.DefaultMessage plain = new org.apache.camel.support.DefaultMessage(exchange);
        if (place != null && unfetchable.contains(account + " " + place) && quarantined(account, place)) {
            // Quarantined before; flagged now, while the connection is open, so the poller passes it by.
            exchange.setIn(plain);
            plain.setHeader(org.apache.camel.component.mail.MailConstants.MAIL_DELETE, false);
            ServerPlace.flagQuarantined(original);
            exchange.setRouteStop(true);
            return;
        }
        byte[] raw = null;
        Exception failure = null;
        try {
            raw = serverBytes(exchange, original);
        } catch (Exception | LinkageError e) {
            failure = e instanceof Exception ex ? ex : new MessagingException(e.toString());
        }
        plain.setBody(raw);
        exchange.setIn(plain);
        if (failure == null) {
            return;
        }
        // What could not be read is never deleted or moved: at most flagged on the server.
        plain.setHeader(org.apache.camel.component.mail.MailConstants.MAIL_DELETE, false);
        if (place == null) {
            throw new MailFetchException("The connection to the server was gone before this mail was fetched: "
                    + MailFailures.describe(failure), failure, false);
        }
        unfetchable.add(account + " " + place);
        exchange.setProperty(Pipeline.KEY, place);
        exchange.setProperty(ServerPlace.MESSAGE, original);
        if (quarantined(account, place)) {
            exchange.setRouteStop(true);
            return;
        }
        throw new MailFetchException("The server did not give the bytes of mail " + place + ": "
                + MailFailures.describe(failure), failure, true);
    }

    /**
     * The server's own bytes: those the poll's batch fetched, else this message alone (IMAP in large pieces
     * into one array of the mail's size; POP3 as its server sends it).
     */
    private static byte[] serverBytes(Exchange exchange, Message original) throws Exception {
        if (exchange.getFromEndpoint() instanceof MailEndpoint endpoint
                && endpoint.getMailUidGenerator() instanceof MailPrefetch prefetch) {
            byte[] raw = prefetch.take(original);
            if (raw != null) {
                return raw;
            }
        }
        if (original.getFolder() instanceof IMAPFolder imap) {
            return MailPrefetch.fetchAlone(imap, original);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        original.writeTo(out);
        return out.toByteArray();
    }

    /** Takes the raw bytes the poller fetched, or the body when it already is bytes (replay). */
    public void receive(Exchange exchange) throws org.apache.camel.InvalidPayloadException {
        byte[] raw = exchange.getIn().getMandatoryBody(byte[].class);
        exchange.setProperty(Pipeline.RAW, raw);
        String key = IdempotencyKey.of(headerMessageId(raw), raw);
        String account = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        Earlier earlier = earlier(account, key);
        String sender = key.startsWith("mid:") && earlier.recorded() ? headerFromAddress(raw) : null;
        if (earlier.sender() != null && sender != null && !earlier.sender().equalsIgnoreCase(sender)) {
            // Another sender's mail with a Message-ID we have seen (a careless or hostile client): a new mail,
            // known by its bytes, never dropped as the earlier one.
            key = IdempotencyKey.of(null, raw);
            earlier = earlier(account, key);
        }
        exchange.setProperty(Pipeline.KEY, key);
        exchange.setProperty(Pipeline.DUPLICATE, earlier.recorded() || earlier.quarantined());
    }

    /** What is on record under a key: a recorded mail (and its sender), or a quarantined one not replayed. */
    private record Earlier(boolean recorded, String sender, boolean quarantined) {
    }

    /** One statement for both questions a mail asks before it is taken. */
    private Earlier earlier(String account, String key) {
        return database.read(em -> Jdbc.first(em, """
                        SELECT EXISTS (SELECT 1 FROM inbound_mail WHERE account = ? AND idempotency_key = ?),
                               (SELECT from_address FROM inbound_mail WHERE account = ? AND idempotency_key = ? LIMIT 1),
                               EXISTS (SELECT 1 FROM quarantine WHERE account = ? AND idempotency_key = ?
                                       AND replayed_at IS NULL AND replay_requested_at IS NULL)""",
                rs -> new Earlier(rs.getBoolean(1), rs.getString(2), rs.getBoolean(3)),
                account, key, account, key, account, key).orElseThrow());
    }

    private boolean quarantined(String account, String key) {
        return database.read(em -> !em.createNativeQuery(
                        "SELECT 1 FROM quarantine WHERE account = ?1 AND idempotency_key = ?2")
                .setParameter(1, account).setParameter(2, key).getResultList().isEmpty());
    }

    /** Parses the mail; a mail that is damaged is still read, with its defects listed. */
    public InboundMail read(Exchange exchange) {
        MailReader reader = readers.getOrDefault(exchange.getProperty(Pipeline.ACCOUNT, String.class), DEFAULT_READER);
        long start = System.nanoTime();
        InboundMail mail = StorableText.of(reader.read(exchange.getProperty(Pipeline.RAW, byte[].class)));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (millis >= 1000) {
            org.slf4j.LoggerFactory.getLogger(MailIntake.class).info("Mail {} took {} ms to read ({} attachments, {} defects)",
                    exchange.getProperty(Pipeline.KEY), millis, mail.attachments().size(), mail.defects().size());
        }
        exchange.setProperty(Pipeline.MAIL, mail);
        return mail;
    }

    private static final java.util.regex.Pattern ADDRESS =
            java.util.regex.Pattern.compile("[^\\s<>\",;:()\\[\\]]+@[^\\s<>\",;:()\\[\\]]+");

    /** The address of the From header, from the header block alone; null when there is none. */
    static String headerFromAddress(byte[] raw) {
        for (String[] field : HeaderFields.of(raw)) {
            if (field[0].equals("from")) {
                return address(field[1]);
            }
        }
        return null;
    }

    /** The address of a From value (the last one in angle brackets, else the first that looks like one). */
    static String address(String fromValue) {
        int lt = fromValue.lastIndexOf('<');
        java.util.regex.Matcher m = ADDRESS.matcher(lt >= 0 ? fromValue.substring(lt) : fromValue);
        return m.find() ? m.group() : null;
    }

    /** The Message-ID from the header block alone, so the key never depends on how well the body parses. */
    static String headerMessageId(byte[] raw) {
        int end = headerEnd(raw);
        String head = new String(raw, 0, end, java.nio.charset.StandardCharsets.ISO_8859_1);
        String unfolded = head.replaceAll("\r?\n[ \t]+", " ");
        for (String line : unfolded.split("\r?\n|\r")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Message-ID")) {
                String v = line.substring(colon + 1).trim();
                int lt = v.indexOf('<');
                int gt = v.indexOf('>', lt + 1);
                if (lt >= 0 && gt > lt) {
                    v = v.substring(lt + 1, gt);
                }
                return v.isBlank() ? null : v.trim();
            }
        }
        return null;
    }

    private static int headerEnd(byte[] raw) {
        for (int i = 0; i + 1 < raw.length; i++) {
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < raw.length && raw[i + 2] == '\n'))) {
                return i;
            }
        }
        return raw.length;
    }
}

package dev.mail2case.intake;

import dev.mail2case.Pipeline;
import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

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

    /** Takes the raw bytes from the mail server's message, or the body when it already is bytes (replay). */
    public void receive(Exchange exchange) throws MessagingException, IOException, org.apache.camel.InvalidPayloadException {
        byte[] raw;
        MailMessage mailMessage = exchange.getIn() instanceof MailMessage mm ? mm : null;
        if (mailMessage != null && mailMessage.getOriginalMessage() != null) {
            Message original = mailMessage.getOriginalMessage();
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, original.getSize()));
            original.writeTo(out);
            raw = out.toByteArray();
        } else {
            raw = exchange.getIn().getMandatoryBody(byte[].class);
        }
        exchange.setProperty(Pipeline.RAW, raw);
        String key = IdempotencyKey.of(headerMessageId(raw), raw);
        exchange.setProperty(Pipeline.KEY, key);
        String account = exchange.getProperty(Pipeline.ACCOUNT, String.class);
        exchange.setProperty(Pipeline.DUPLICATE, alreadyTaken(account, key));
    }

    /** Parses the mail; a mail that is damaged is still read, with its defects listed. */
    public InboundMail read(Exchange exchange) {
        MailReader reader = readers.getOrDefault(exchange.getProperty(Pipeline.ACCOUNT, String.class), DEFAULT_READER);
        InboundMail mail = reader.read(exchange.getProperty(Pipeline.RAW, byte[].class));
        exchange.setProperty(Pipeline.MAIL, mail);
        return mail;
    }

    private boolean alreadyTaken(String account, String key) {
        return database.inTransaction(em -> !em.createNativeQuery(
                        "SELECT 1 FROM inbound_mail WHERE account = ?1 AND idempotency_key = ?2 "
                                + "UNION ALL SELECT 1 FROM quarantine WHERE account = ?1 AND idempotency_key = ?2 "
                                + "AND replayed_at IS NULL AND replay_requested_at IS NULL")
                .setParameter(1, account).setParameter(2, key).getResultList().isEmpty());
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

package dev.mail2case.mail;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A mail as mail2case understands it: decoded headers we use, the body, the attachments and every
 * defect found while reading. Built only by {@link MailReader}; never changed afterwards.
 *
 * @param messageId    Message-ID without angle brackets, or null when the mail has none
 * @param headers      every header, names lower-cased, values unfolded and decoded, in mail order
 * @param contentType  type of the part the body text was taken from: text/plain or text/html
 * @param text         body as plain text (never null)
 * @param html         sanitised HTML, or null when the mail had no HTML part
 * @param references   Message-IDs from In-Reply-To and References, without brackets, oldest first
 * @param defects      what was wrong with the mail, one short sentence each
 * @param oversizedParts parts left out because they exceeded a {@link MailReader.Limits} limit; each is
 *                     replaced by a small text placeholder attachment, so the sender can be told
 * @param report       the report parts screening reads, taken while the mail was parsed; null when the mail
 *                     was not read from its raw bytes as they are (screening then parses the raw mail)
 */
public record InboundMail(String messageId, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                          List<MailAddress> replyTo, String subject, OffsetDateTime date,
                          Map<String, List<String>> headers, String contentType, String text, String html,
                          List<MailAttachment> attachments, String inReplyTo, List<String> references,
                          List<String> defects, List<OversizedPart> oversizedParts, ReportParts report) {

    /** A part that was too large to keep: its name, type and real decoded size in bytes. */
    public record OversizedPart(String filename, String contentType, long size, long limit) {
    }

    /** A mail built without its report parts. */
    public InboundMail(String messageId, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                       List<MailAddress> replyTo, String subject, OffsetDateTime date,
                       Map<String, List<String>> headers, String contentType, String text, String html,
                       List<MailAttachment> attachments, String inReplyTo, List<String> references,
                       List<String> defects, List<OversizedPart> oversizedParts) {
        this(messageId, from, to, cc, replyTo, subject, date, headers, contentType, text, html, attachments,
                inReplyTo, references, defects, oversizedParts, null);
    }

    /** A mail where nothing was cut for size. */
    public InboundMail(String messageId, MailAddress from, List<MailAddress> to, List<MailAddress> cc,
                       List<MailAddress> replyTo, String subject, OffsetDateTime date,
                       Map<String, List<String>> headers, String contentType, String text, String html,
                       List<MailAttachment> attachments, String inReplyTo, List<String> references,
                       List<String> defects) {
        this(messageId, from, to, cc, replyTo, subject, date, headers, contentType, text, html, attachments,
                inReplyTo, references, defects, List.of());
    }

    public InboundMail {
        oversizedParts = oversizedParts == null ? List.of() : List.copyOf(oversizedParts);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        replyTo = List.copyOf(replyTo);
        headers = Map.copyOf(headers);
        attachments = List.copyOf(attachments);
        references = List.copyOf(references);
        defects = List.copyOf(defects);
        text = text == null ? "" : text;
        subject = subject == null ? "" : subject;
    }

    /** True when a part or the whole mail was over a size limit and something was left out. */
    public boolean truncated() {
        return !oversizedParts.isEmpty();
    }

    /** First value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All values of a header, possibly empty. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}

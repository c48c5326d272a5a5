package dev.mail2case.mail;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/** Raw mail bytes to an {@link InboundMail}. The pipeline and the inspect command both use this. */
public class MailReader {

    private final Session session;

    public MailReader() {
        Properties props = new Properties();
        props.setProperty("mail.mime.address.strict", "false");
        props.setProperty("mail.mime.decodetext.strict", "false");
        props.setProperty("mail.mime.parameters.strict", "false");
        this.session = Session.getInstance(props);
    }

    public InboundMail read(byte[] raw) {
        try {
            return read(new MimeMessage(session, new ByteArrayInputStream(raw)));
        } catch (MessagingException e) {
            throw new MailReadException("not a mail: " + e.getMessage(), e);
        }
    }

    private InboundMail read(MimeMessage msg) throws MessagingException {
        List<String> defects = new ArrayList<>();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (var e = msg.getAllHeaders(); e.hasMoreElements(); ) {
            var h = e.nextElement();
            headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(decode(MimeUtility.unfold(h.getValue())));
        }
        Body body = new Body();
        try {
            walk(msg, body, defects);
        } catch (IOException e) {
            defects.add("body could not be read fully: " + e.getMessage());
        }
        String messageId = stripBrackets(msg.getHeader("Message-ID", null));
        List<String> refs = new ArrayList<>();
        String inReplyTo = stripBrackets(msg.getHeader("In-Reply-To", null));
        String references = msg.getHeader("References", " ");
        if (references != null) {
            for (String r : references.trim().split("\\s+")) {
                if (!r.isBlank()) refs.add(stripBrackets(r));
            }
        }
        if (inReplyTo != null && !refs.contains(inReplyTo)) refs.add(inReplyTo);
        boolean plain = body.text != null;
        return new InboundMail(messageId, first(addresses(msg, "From", defects)),
                addresses(msg, "To", defects), addresses(msg, "Cc", defects), addresses(msg, "Reply-To", defects),
                msg.getSubject(),
                msg.getSentDate() == null ? null : msg.getSentDate().toInstant().atOffset(ZoneOffset.UTC),
                headers, plain ? "text/plain" : (body.html != null ? "text/html" : "text/plain"),
                plain ? body.text : (body.html != null ? org.jsoup.Jsoup.parse(body.html).wholeText() : ""),
                body.html, body.attachments, inReplyTo, refs, defects);
    }

    private static final class Body {
        String text;
        String html;
        final List<MailAttachment> attachments = new ArrayList<>();
    }

    private void walk(Part part, Body body, List<String> defects) throws MessagingException, IOException {
        String disposition = part.getDisposition();
        String filename = filename(part);
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (content instanceof Multipart mp) {
                for (int i = 0; i < mp.getCount(); i++) {
                    BodyPart child = mp.getBodyPart(i);
                    walk(child, body, defects);
                }
                return;
            }
        }
        boolean attachment = Part.ATTACHMENT.equalsIgnoreCase(disposition) || filename != null;
        if (!attachment && part.isMimeType("text/plain") && body.text == null) {
            body.text = String.valueOf(part.getContent());
        } else if (!attachment && part.isMimeType("text/html") && body.html == null) {
            body.html = String.valueOf(part.getContent());
        } else {
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            String contentId = part instanceof jakarta.mail.internet.MimePart mp ? stripBrackets(mp.getContentID()) : null;
            String type = part.getContentType() == null ? "application/octet-stream"
                    : part.getContentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
            String name = filename != null ? filename : "attachment-" + (body.attachments.size() + 1);
            body.attachments.add(new MailAttachment(name, filename, type, contentId,
                    Part.INLINE.equalsIgnoreCase(disposition), bytes));
        }
    }

    private static String filename(Part part) {
        try {
            String name = part.getFileName();
            return name == null ? null : decode(name);
        } catch (MessagingException e) {
            return null;
        }
    }

    private static List<MailAddress> addresses(MimeMessage msg, String header, List<String> defects) {
        try {
            Address[] parsed = msg.getHeader(header, ",") == null ? null
                    : InternetAddress.parseHeader(msg.getHeader(header, ","), false);
            if (parsed == null) return List.of();
            List<MailAddress> out = new ArrayList<>();
            for (Address a : parsed) {
                if (a instanceof InternetAddress ia) out.add(new MailAddress(ia.getAddress(), ia.getPersonal()));
            }
            return out;
        } catch (MessagingException e) {
            defects.add("unreadable " + header + " header: " + e.getMessage());
            return List.of();
        }
    }

    private static MailAddress first(List<MailAddress> list) {
        return list.isEmpty() ? null : list.get(0);
    }

    private static String decode(String value) {
        try {
            return MimeUtility.decodeText(value);
        } catch (Exception e) {
            return value;
        }
    }

    static String stripBrackets(String id) {
        if (id == null) return null;
        String s = id.trim();
        if (s.startsWith("<")) s = s.substring(1);
        if (s.endsWith(">")) s = s.substring(0, s.length() - 1);
        return s.isBlank() ? null : s;
    }
}

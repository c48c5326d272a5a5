package dev.mail2case.mail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The JSON shape of a read mail, as printed by {@code mail2case inspect}. Built in one place so later
 * stages can fill in {@code kind}, {@code bounce} and {@code caseNumber} on the same object.
 */
public final class InspectJson {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private InspectJson() {
    }

    public static ObjectNode object(String file, InboundMail mail) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("file", file);
        o.put("messageId", mail.messageId());
        o.set("from", mail.from() == null ? MAPPER.nullNode() : address(mail.from()));
        o.set("to", addresses(mail.to()));
        o.set("cc", addresses(mail.cc()));
        o.set("replyTo", addresses(mail.replyTo()));
        o.put("subject", mail.subject());
        o.put("date", mail.date() == null ? null : mail.date().toString());
        o.put("contentType", mail.contentType());
        o.put("text", mail.text());
        o.put("html", mail.html());
        ArrayNode attachments = o.putArray("attachments");
        for (MailAttachment a : mail.attachments()) {
            ObjectNode n = attachments.addObject();
            // the name as sent: what people see; the stored name is only for files and downloads
            n.put("filename", a.name());
            n.put("contentType", a.contentType());
            n.put("size", a.size());
            n.put("contentId", a.contentId());
            n.put("inline", a.inline());
            n.put("sha256", a.sha256());
        }
        o.put("kind", "message");
        o.putNull("bounce");
        o.putNull("caseNumber");
        ArrayNode defects = o.putArray("defects");
        mail.defects().forEach(defects::add);
        return o;
    }

    /** The line printed for a file that could not be read. */
    public static ObjectNode error(String file, String error) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("file", file);
        o.put("error", error);
        return o;
    }

    private static ObjectNode address(MailAddress a) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("address", a.address());
        n.put("name", a.name());
        return n;
    }

    private static ArrayNode addresses(List<MailAddress> list) {
        ArrayNode arr = MAPPER.createArrayNode();
        list.forEach(a -> arr.add(address(a)));
        return arr;
    }
}

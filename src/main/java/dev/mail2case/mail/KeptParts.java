package dev.mail2case.mail;

import java.nio.charset.StandardCharsets;

/** Keeps a part as an attachment of the mail read, or a note in its place when it is over a size limit. */
final class KeptParts {
    private KeptParts() {
    }

    static void storeChecked(ReadState c, String name, String original, String type, String cid, boolean inline, byte[] bytes) {
        if (bytes.length > c.limits.maxPartBytes() || c.kept + bytes.length > c.limits.maxMessageBytes()) {
            placeholder(c, name, type, bytes.length, bytes.length > c.limits.maxPartBytes() ? c.limits.maxPartBytes()
                    : c.limits.maxMessageBytes());
            return;
        }
        store(c, name, original, type, cid, inline, bytes);
    }

    static void store(ReadState c, String name, String original, String type, String cid, boolean inline, byte[] bytes) {
        c.kept += bytes.length;
        c.attachments.add(new MailAttachment(c.names.unique(name), original, type, cid, inline, bytes, c.names.shown(name)));
    }

    static void placeholder(ReadState c, String name, String type, long size, long limit) {
        c.oversized.add(new InboundMail.OversizedPart(name, type, size, limit));
        c.defect("The part " + name + " (" + size + " bytes) is over the size limit of " + limit
                + " bytes and was left out.");
        String note = "The attachment \"" + name + "\" (" + type + ", " + size + " bytes) was larger than the limit of "
                + limit + " bytes and was not kept.\n";
        String noteName = name + " (too large).txt";
        c.attachments.add(new MailAttachment(c.names.unique(noteName), null, "text/plain", null, false,
                note.getBytes(StandardCharsets.UTF_8), c.names.shown(noteName)));
    }
}

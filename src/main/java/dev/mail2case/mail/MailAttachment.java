package dev.mail2case.mail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One attachment of a mail. {@code filename} is safe to store (unique within the mail, no path
 * characters): for storage paths and downloads. {@code originalFilename} is what the sender's client
 * wrote, or null when it gave none. {@code name} is what people are shown: the name as sent (or made
 * from an attached mail's subject), ':' and the like kept, unique within the mail.
 */
public record MailAttachment(String filename, String originalFilename, String contentType, String contentId,
                             boolean inline, byte[] content, String name) {

    public MailAttachment {
        if (name == null) name = filename;
    }

    public MailAttachment(String filename, String originalFilename, String contentType, String contentId,
                          boolean inline, byte[] content) {
        this(filename, originalFilename, contentType, contentId, inline, content, filename);
    }

    public long size() {
        return content.length;
    }

    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

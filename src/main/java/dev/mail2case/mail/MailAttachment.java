package dev.mail2case.mail;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One attachment of a mail. {@code filename} is safe to store (unique within the mail, no path
 * characters); {@code originalFilename} is what the sender's client wrote, or null when it gave none.
 */
public record MailAttachment(String filename, String originalFilename, String contentType, String contentId,
                             boolean inline, byte[] content) {

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

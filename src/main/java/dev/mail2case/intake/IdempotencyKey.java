package dev.mail2case.intake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What makes two deliveries of a mail the same mail. */
public final class IdempotencyKey {
    private IdempotencyKey() {
    }

    /** The Message-ID when the mail has one, else a SHA-256 of its bytes. */
    public static String of(String messageId, byte[] raw) {
        if (messageId != null && !messageId.isBlank()) {
            String id = messageId.trim();
            return "mid:" + (id.length() > 1000 ? id.substring(0, 1000) : id);
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.mail2case.mail;

/** The bytes are not a mail at all; anything less is recorded as a defect instead. */
public class MailReadException extends RuntimeException {
    public MailReadException(String message, Throwable cause) {
        super(message, cause);
    }
}

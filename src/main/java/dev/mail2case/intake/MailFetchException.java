package dev.mail2case.intake;

/** The mail server did not give a mail's bytes; the message carries the server's own words. */
public class MailFetchException extends Exception {
    public MailFetchException(String message, Throwable cause) {
        super(message, cause);
    }
}

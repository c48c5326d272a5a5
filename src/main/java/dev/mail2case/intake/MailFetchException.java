package dev.mail2case.intake;

/** The mail server did not give a mail's bytes; the message carries the server's own words. */
public class MailFetchException extends Exception {
    private final boolean thisMail;

    /**
     * @param thisMail false when the connection was already gone before this mail was asked for (an earlier
     *                 mail's failure closed it): then the failure is not counted against this mail
     */
    public MailFetchException(String message, Throwable cause, boolean thisMail) {
        super(message, cause);
        this.thisMail = thisMail;
    }

    public boolean thisMail() {
        return thisMail;
    }
}

package dev.mail2case.auth;

/** The token endpoint refused or could not be reached; the message carries the provider's own reason. */
public class TokenException extends RuntimeException {
    public TokenException(String message) {
        super(message);
    }

    public TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}

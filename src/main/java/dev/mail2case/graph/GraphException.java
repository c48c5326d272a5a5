package dev.mail2case.graph;

/** Graph answered with an error; the message carries Graph's own error code and text. */
public class GraphException extends RuntimeException {
    private final int status;

    public GraphException(int status, String message) {
        super(message);
        this.status = status;
    }

    public GraphException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    /** The HTTP status, 0 when Graph could not be reached. */
    public int status() {
        return status;
    }
}

package dev.mail2case.graph;

import java.time.Duration;

/** Graph asked to slow down (HTTP 429 or 503): nothing more is asked before {@link #retryAfter()}. */
public class GraphThrottledException extends GraphException {
    private final Duration retryAfter;

    public GraphThrottledException(int status, Duration retryAfter, String message) {
        super(status, message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

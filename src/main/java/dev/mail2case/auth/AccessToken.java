package dev.mail2case.auth;

import java.time.Instant;

/** An access token and when it stops being good. {@link #toString()} never shows the token. */
public record AccessToken(String value, Instant expiresAt) {
    @Override
    public String toString() {
        return "AccessToken(expires " + expiresAt + ")";
    }
}

package dev.mail2case.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Holds the current access token and fetches a new one before the old one runs out: once a quarter of
 * its lifetime is left (at most five minutes early), so a login never starts with a token about to lapse.
 */
public final class TokenCache {
    private static final Duration MAX_EARLY = Duration.ofMinutes(5);

    private final TokenSource source;
    private final Clock clock;
    private AccessToken token;
    private Instant refreshAt = Instant.MIN;
    private int fetches;

    public TokenCache(TokenSource source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    /** A token good for a while yet; throws {@link TokenException} with the provider's reason. */
    public synchronized String current() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            AccessToken fresh = source.fetch();
            Duration life = Duration.between(now, fresh.expiresAt());
            Duration early = life.dividedBy(4);
            if (early.compareTo(MAX_EARLY) > 0) {
                early = MAX_EARLY;
            }
            token = fresh;
            refreshAt = fresh.expiresAt().minus(early);
            fetches++;
        }
        return token.value();
    }

    /** Drops the token, so the next login fetches a new one (after the server refused it). */
    public synchronized void invalidate() {
        token = null;
    }

    /** How many tokens were fetched so far. */
    public synchronized int fetches() {
        return fetches;
    }

    public String describe() {
        return source.describe();
    }
}

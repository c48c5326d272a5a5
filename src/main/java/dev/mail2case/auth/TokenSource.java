package dev.mail2case.auth;

/** Asks a provider for a new access token; {@link TokenCache} decides when. */
public interface TokenSource {
    AccessToken fetch();

    /** Names the provider and client for log lines, never a secret. */
    String describe();
}

package dev.mail2case.auth;

import dev.mail2case.config.OAuth2Settings;
import dev.mail2case.config.SettingException;

import java.net.URI;
import java.time.Clock;

/** Makes the token source an account's OAuth2 settings name. */
public final class TokenSources {
    private TokenSources() {
    }

    /** The provider's token source; a certificate or key file that does not load stops start-up. */
    public static TokenSource of(OAuth2Settings o, Clock clock) {
        String p = o.prefix() + ".oauth2.";
        try {
            return switch (o.provider()) {
                case "microsoft" -> new MicrosoftTokenSource(o.authority(), o.tenant(), o.clientId(),
                        o.clientSecret(), o.certificate(), o.certificatePassword(), o.scope(), null);
                case "google" -> o.serviceAccountKey() != null
                        ? GoogleServiceAccountTokenSource.fromKeyFile(o.serviceAccountKey(), o.tokenUrl(), o.subject(),
                                o.scope(), clock)
                        : generic(o, clock);
                default -> generic(o, clock);
            };
        } catch (IllegalArgumentException e) {
            String key = o.provider().equals("microsoft") ? (o.certificate() != null ? "certificate" : "authority")
                    : "service-account-key";
            throw new SettingException(p + key, e.getMessage());
        }
    }

    private static TokenSource generic(OAuth2Settings o, Clock clock) {
        return new GenericTokenSource(URI.create(o.tokenUrl()), o.clientId(), o.clientSecret(), o.scope(),
                o.refreshToken(), clock);
    }
}

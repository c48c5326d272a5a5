package dev.mail2case.config;


import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How one mailbox (or the outgoing SMTP server) gets its OAuth2 tokens, read from {@code PREFIX.oauth2.*}.
 * Secrets come in through placeholders like any setting; {@link #toString()} never shows them.
 */
public record OAuth2Settings(String prefix, String provider, String tenant, String clientId, String clientSecret,
                             Path certificate, String certificatePassword, String authority, String tokenUrl,
                             String scope, String refreshToken, Path serviceAccountKey, String subject,
                             Optional<LocalDate> secretExpires, Optional<LocalDate> refreshTokenIssued,
                             int refreshTokenLifetimeDays, int warnDays, String mechanism) {

    public static final String MICROSOFT_MAIL_SCOPE = "https://outlook.office365.com/.default";
    public static final String MICROSOFT_GRAPH_SCOPE = "https://graph.microsoft.com/.default";
    public static final String GOOGLE_MAIL_SCOPE = "https://mail.google.com/";

    /**
     * @param prefix  {@code mail2case.account.ID} or {@code mail2case.smtp}
     * @param graph   whether the token is for Microsoft Graph rather than IMAP, POP3 or SMTP
     * @param subject the mailbox a Google service account acts for
     */
    public static OAuth2Settings of(Settings s, String prefix, boolean graph, String subject) {
        String p = prefix + ".oauth2.";
        String provider = s.oneOf(p + "provider", graph ? "microsoft" : s.require(p + "provider"),
                "microsoft", "google", "generic");
        String tenant = null;
        String secret = s.get(p + "client-secret").orElse(null);
        Path certificate = s.get(p + "certificate").map(Path::of).orElse(null);
        String tokenUrl = s.get(p + "token-url").orElse(null);
        String refreshToken = s.get(p + "refresh-token").orElse(null);
        Path serviceAccountKey = s.get(p + "service-account-key").map(Path::of).orElse(null);
        String clientId = s.get(p + "client-id").orElse(null);
        String scope;
        switch (provider) {
            case "microsoft" -> {
                tenant = s.require(p + "tenant");
                clientId = s.require(p + "client-id");
                if (secret == null && certificate == null) {
                    throw new SettingException(p + "client-secret", "is missing: give a client secret or "
                            + p + "certificate");
                }
                scope = s.get(p + "scope", graph ? MICROSOFT_GRAPH_SCOPE : MICROSOFT_MAIL_SCOPE);
            }
            case "google" -> {
                if (serviceAccountKey == null && refreshToken == null) {
                    throw new SettingException(p + "service-account-key", "is missing: give a service account key"
                            + " file (domain-wide delegation) or " + p + "refresh-token");
                }
                if (serviceAccountKey == null) {
                    clientId = s.require(p + "client-id");
                    secret = s.require(p + "client-secret");
                }
                tokenUrl = tokenUrl == null && serviceAccountKey == null ? "https://oauth2.googleapis.com/token" : tokenUrl;
                scope = s.get(p + "scope", GOOGLE_MAIL_SCOPE);
            }
            default -> {
                tokenUrl = s.require(p + "token-url");
                clientId = s.require(p + "client-id");
                if (refreshToken == null && secret == null) {
                    throw new SettingException(p + "client-secret", "is missing: the client credentials grant needs"
                            + " it (or give " + p + "refresh-token)");
                }
                scope = s.get(p + "scope").orElse(null);
            }
        }
        if (tokenUrl != null && !tokenUrl.matches("https?://\\S+")) {
            throw new SettingException(p + "token-url", "is '" + tokenUrl + "' but must be an http(s) URL");
        }
        for (var file : new Object[][] {{certificate, "certificate"}, {serviceAccountKey, "service-account-key"}}) {
            if (file[0] != null && !Files.isReadable((Path) file[0])) {
                throw new SettingException(p + file[1], "names " + file[0] + ", which cannot be read");
            }
        }
        return new OAuth2Settings(prefix, provider, tenant, clientId, secret, certificate,
                s.get(p + "certificate-password").orElse(null),
                s.get(p + "authority", "https://login.microsoftonline.com"), tokenUrl, scope, refreshToken,
                serviceAccountKey, subject, date(s, p + "client-secret-expires"), date(s, p + "refresh-token-issued"),
                s.integer(p + "refresh-token-lifetime-days", 90, 1, 36_500),
                s.integer(p + "expiry-warning-days", 14, 0, 365),
                s.oneOf(p + "mechanism", "xoauth2", "xoauth2", "oauthbearer"));
    }

    private static Optional<LocalDate> date(Settings s, String key) {
        return s.get(key).map(v -> {
            try {
                return LocalDate.parse(v);
            } catch (DateTimeParseException e) {
                throw new SettingException(key, "is '" + v + "' but must be a date like 2027-03-31");
            }
        });
    }

    /**
     * A warning when a credential ends within {@link #warnDays}: the configured end date of the client
     * secret, or the refresh token's issue date plus its lifetime. Empty when nothing ends soon.
     */
    public Optional<String> expiryWarning(LocalDate today) {
        String p = prefix + ".oauth2.";
        if (secretExpires.isPresent() && !today.plusDays(warnDays).isBefore(secretExpires.get())) {
            return Optional.of("the client secret of " + clientId + " " + ends(today, secretExpires.get())
                    + "; put a new one in " + p + "client-secret and " + p + "client-secret-expires");
        }
        if (refreshTokenIssued.isPresent() && refreshToken != null) {
            LocalDate end = refreshTokenIssued.get().plusDays(refreshTokenLifetimeDays);
            if (!today.plusDays(warnDays).isBefore(end)) {
                return Optional.of("the refresh token issued " + refreshTokenIssued.get() + " " + ends(today, end)
                        + "; put a new one in " + p + "refresh-token and " + p + "refresh-token-issued");
            }
        }
        return Optional.empty();
    }

    private static String ends(LocalDate today, LocalDate end) {
        long days = java.time.temporal.ChronoUnit.DAYS.between(today, end);
        return days < 0 ? "expired on " + end : days == 0 ? "expires today" : "expires in " + days + " day"
                + (days == 1 ? "" : "s") + " (" + end + ")";
    }

    @Override
    public String toString() {
        return provider + " OAuth2 for " + prefix + " (client " + clientId + ")";
    }
}

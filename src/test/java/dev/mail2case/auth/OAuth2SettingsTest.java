package dev.mail2case.auth;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.OAuth2Settings;
import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import dev.mail2case.support.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OAuth2SettingsTest {
    private static final String A = "mail2case.account.support.";
    private final Map<String, String> props = new HashMap<>(Map.of(
            "mail2case.accounts", "support",
            A + "protocol", "imaps",
            A + "host", "outlook.office365.com",
            A + "username", "support@contoso.example",
            A + "address", "support@contoso.example",
            A + "auth", "oauth2",
            A + "oauth2.provider", "microsoft",
            A + "oauth2.tenant", "contoso.onmicrosoft.com",
            A + "oauth2.client-id", "0b1c2d3e",
            A + "oauth2.client-secret", "very-secret-value"));

    @TempDir
    Path dir;

    private AccountSettings account() {
        return AccountSettings.all(new Settings(k -> Optional.ofNullable(props.get(k)), Map.of())).get(0);
    }

    private String failure() {
        return assertThrows(SettingException.class, this::account).getMessage();
    }

    @Test
    void microsoftAccountNeedsNoPasswordAndOffersXoauth2WithTheExchangeScope() {
        AccountSettings a = account();
        assertTrue(a.oauth2Login());
        assertEquals(OAuth2Settings.MICROSOFT_MAIL_SCOPE, a.oauth2().scope());
        assertEquals("XOAUTH2", MailLogins.session(a).getProperty("mail.imaps.auth.mechanisms"));
        assertEquals(true, a.templateParameters().get("disconnect"), "a login with a fresh token at every poll");
        assertFalse(a.oauth2().toString().contains("very-secret-value"), "settings never print the secret");
        assertFalse(a.toString().contains("very-secret-value"));
    }

    @Test
    void oauthbearerIsOfferedBeforeXoauth2OnImapAndRefusedForPop3() {
        props.put(A + "oauth2.mechanism", "oauthbearer");
        var p = MailLogins.session(account());
        assertEquals("true", p.getProperty("mail.imaps.sasl.enable"));
        assertEquals("OAUTHBEARER", p.getProperty("mail.imaps.sasl.mechanisms"));
        assertEquals("XOAUTH2", p.getProperty("mail.imaps.auth.mechanisms"), "the fallback where it is not offered");
        props.put(A + "protocol", "pop3s");
        props.put(A + "after-processing", "delete");
        SettingException e = assertThrows(SettingException.class, () -> MailLogins.session(account()));
        assertTrue(e.getMessage().contains(A + "oauth2.mechanism"), e.getMessage());
    }

    @Test
    void passwordAccountsStayAsTheyWere() {
        props.remove(A + "auth");
        props.put(A + "password", "pw");
        AccountSettings a = account();
        assertFalse(a.oauth2Login());
        assertEquals(null, MailLogins.session(a).getProperty("mail.imaps.auth.mechanisms"));
        assertEquals(false, a.templateParameters().get("disconnect"));
    }

    @Test
    void aMissingOrWrongOAuth2SettingStopsStartUpNamingIt() {
        props.remove(A + "oauth2.tenant");
        assertTrue(failure().contains("'" + A + "oauth2.tenant' is missing"));
        props.put(A + "oauth2.tenant", "contoso");
        props.remove(A + "oauth2.client-secret");
        assertTrue(failure().contains(A + "oauth2.client-secret"));
        props.put(A + "oauth2.provider", "yahoo");
        assertTrue(failure().contains(A + "oauth2.provider"));
        props.put(A + "oauth2.provider", "generic");
        assertTrue(failure().contains("'" + A + "oauth2.token-url' is missing"));
        props.put(A + "oauth2.token-url", "login.example.org/token");
        props.put(A + "oauth2.client-secret", "s");
        assertTrue(failure().contains(A + "oauth2.token-url"));
        props.remove(A + "oauth2.token-url");
        props.put(A + "oauth2.provider", "google");
        props.put(A + "oauth2.service-account-key", dir.resolve("missing.json").toString());
        assertTrue(failure().contains(A + "oauth2.service-account-key"));
        props.remove(A + "oauth2.service-account-key");
        props.put(A + "oauth2.client-secret-expires", "31.03.2027");
        props.put(A + "oauth2.provider", "microsoft");
        assertTrue(failure().contains(A + "oauth2.client-secret-expires"));
    }

    @Test
    void aCertificateThatIsNoPkcs12FileStopsStartUpNamingIt() throws Exception {
        Path bogus = Files.writeString(dir.resolve("app.p12"), "not a certificate");
        props.remove(A + "oauth2.client-secret");
        props.put(A + "oauth2.certificate", bogus.toString());
        AccountSettings a = account();
        SettingException e = assertThrows(SettingException.class, () -> TokenSources.of(a.oauth2(), java.time.Clock.systemUTC()));
        assertTrue(e.getMessage().contains(A + "oauth2.certificate"), e.getMessage());
    }

    @Test
    void aClientSecretEndingWithinTheWarningDaysIsReportedBeforeItEnds() {
        props.put(A + "oauth2.client-secret-expires", "2027-03-31");
        OAuth2Settings o = account().oauth2();
        assertEquals(Optional.empty(), o.expiryWarning(LocalDate.parse("2027-03-01")), "31 days ahead: quiet");
        String warning = o.expiryWarning(LocalDate.parse("2027-03-20")).orElseThrow();
        assertTrue(warning.contains("expires in 11 days (2027-03-31)"), warning);
        assertTrue(warning.contains(A + "oauth2.client-secret"), "it says what to change: " + warning);
        assertTrue(o.expiryWarning(LocalDate.parse("2027-04-02")).orElseThrow().contains("expired on 2027-03-31"));
    }

    @Test
    void aRefreshTokenNearingItsLifetimeIsReported() {
        props.put(A + "oauth2.provider", "google");
        props.put(A + "oauth2.refresh-token", "1//stored-refresh-token");
        props.put(A + "oauth2.refresh-token-issued", "2027-01-01");
        props.put(A + "oauth2.refresh-token-lifetime-days", "90");
        props.put(A + "oauth2.expiry-warning-days", "7");
        OAuth2Settings o = account().oauth2();
        assertEquals(OAuth2Settings.GOOGLE_MAIL_SCOPE, o.scope());
        assertEquals(Optional.empty(), o.expiryWarning(LocalDate.parse("2027-03-24")));
        assertTrue(o.expiryWarning(LocalDate.parse("2027-03-26")).orElseThrow().contains("refresh token issued 2027-01-01"));
    }

    @Test
    void aTokenIsFetchedAgainOnlyWhenAQuarterOfItsLifetimeIsLeft() {
        MovableClock clock = new MovableClock();
        AtomicInteger fetched = new AtomicInteger();
        TokenCache cache = new TokenCache(new TokenSource() {
            @Override
            public AccessToken fetch() {
                int n = fetched.incrementAndGet();
                return new AccessToken("token-" + n, clock.instant().plus(Duration.ofMinutes(8)));
            }

            @Override
            public String describe() {
                return "test";
            }
        }, clock);
        assertEquals("token-1", cache.current());
        clock.advance(Duration.ofMinutes(5).plusSeconds(59));
        assertEquals("token-1", cache.current(), "2 min 1 s left of 8 min: still good");
        clock.advance(Duration.ofSeconds(1));
        assertEquals("token-2", cache.current(), "a quarter left: renewed before it lapses");
        cache.invalidate();
        assertEquals("token-3", cache.current(), "a token the server refused is replaced at once");
    }
}

package dev.mail2case.config;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class AccountSettingsTest {

    private final Map<String, String> props = new HashMap<>(Map.of(
            "mail2case.accounts", "support",
            "mail2case.account.support.protocol", "imaps",
            "mail2case.account.support.host", "imap.example.org",
            "mail2case.account.support.username", "support",
            "mail2case.account.support.password", "from-a-secret",
            "mail2case.account.support.address", "support@example.org"));

    private Settings settings(Map<String, String> env) {
        return new Settings(k -> Optional.ofNullable(props.get(k)), env);
    }

    private SettingException failure() {
        return assertThrows(SettingException.class, () -> AccountSettings.all(settings(Map.of())));
    }

    @Test
    void accountTakesProtocolDefaultsFromItsSettings() {
        AccountSettings a = AccountSettings.all(settings(Map.of())).get(0);
        assertEquals(993, a.port(), "imaps defaults to port 993");
        assertEquals("INBOX", a.folder());
        assertEquals("seen", a.afterProcessing());
        assertEquals(3, a.maxAttempts());
    }

    @Test
    void environmentVariableOverridesProperty() {
        AccountSettings a = AccountSettings.all(settings(Map.of("MAIL2CASE_ACCOUNT_SUPPORT_HOST", "mail.internal")))
                .get(0);
        assertEquals("mail.internal", a.host());
    }

    @Test
    void missingAccountListNamesTheSetting() {
        props.remove("mail2case.accounts");
        assertEquals("mail2case.accounts", failure().setting());
    }

    @Test
    void missingHostNamesTheSetting() {
        props.remove("mail2case.account.support.host");
        SettingException e = failure();
        assertEquals("mail2case.account.support.host", e.setting());
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }

    @Test
    void unknownProtocolNamesTheSettingAndTheChoices() {
        props.put("mail2case.account.support.protocol", "imapx");
        SettingException e = failure();
        assertEquals("mail2case.account.support.protocol", e.setting());
        assertTrue(e.getMessage().contains("imap, imaps, pop3, pop3s"), e.getMessage());
    }

    @Test
    void senderTrustIsOffByDefaultAndItsSettingsAreChecked() {
        AccountSettings plain = AccountSettings.all(settings(Map.of())).get(0);
        assertTrue(plain.authservIds().isEmpty(), "no authserv-id: no check");
        assertEquals("flagged", plain.unverifiedSender());
        props.put("mail2case.account.support.authserv-id", "MX.Example.org, mx2.example.org");
        props.put("mail2case.account.support.unverified-sender", "refused");
        AccountSettings checked = AccountSettings.all(settings(Map.of())).get(0);
        assertEquals(java.util.Set.of("mx.example.org", "mx2.example.org"), checked.authservIds());
        assertEquals("refused", checked.unverifiedSender());
        props.put("mail2case.account.support.unverified-sender", "drop");
        SettingException policy = failure();
        assertEquals("mail2case.account.support.unverified-sender", policy.setting());
        assertTrue(policy.getMessage().contains("unknown, flagged, refused"), policy.getMessage());
        props.put("mail2case.account.support.unverified-sender", "unknown");
        props.put("mail2case.account.support.authserv-id", "mx.example.org; dkim=pass");
        assertEquals("mail2case.account.support.authserv-id", failure().setting());
    }

    @Test
    void portOutOfRangeNamesTheSetting() {
        props.put("mail2case.account.support.port", "99999");
        assertEquals("mail2case.account.support.port", failure().setting());
        props.put("mail2case.account.support.port", "nine");
        assertEquals("mail2case.account.support.port", failure().setting());
    }

    @Test
    void moveWithoutFolderNamesTheMoveToSetting() {
        props.put("mail2case.account.support.after-processing", "move");
        assertEquals("mail2case.account.support.move-to", failure().setting());
    }

    @Test
    void pop3CannotKeepMailAsSeen() {
        props.put("mail2case.account.support.protocol", "pop3");
        props.put("mail2case.account.support.after-processing", "seen");
        assertEquals("mail2case.account.support.after-processing", failure().setting());
    }

    @Test
    void onlyImapAccountsTakeMailOnSeveralThreads() {
        assertEquals(1, AccountSettings.all(settings(Map.of())).get(0).consumers(), "one thread unless asked");
        props.put("mail2case.account.support.consumers", "4");
        assertEquals(4, AccountSettings.all(settings(Map.of())).get(0).consumers());
        props.put("mail2case.account.support.consumers", "0");
        assertEquals("mail2case.account.support.consumers", failure().setting());
        props.put("mail2case.account.support.consumers", "2");
        props.put("mail2case.account.support.protocol", "pop3s");
        SettingException pop3 = failure();
        assertEquals("mail2case.account.support.consumers", pop3.setting());
        assertTrue(pop3.getMessage().contains("only IMAP"), pop3.getMessage());
    }

    @Test
    void accountAddressMustBeAMailAddress() {
        props.put("mail2case.account.support.address", "support");
        assertEquals("mail2case.account.support.address", failure().setting());
    }

    @Test
    void twoAccountsCannotShareAnAddress() {
        props.put("mail2case.accounts", "support,second");
        Map<String, String> copy = new HashMap<>(props);
        copy.forEach((k, v) -> {
            if (k.startsWith("mail2case.account.support.")) {
                props.put(k.replace(".support.", ".second."), v);
            }
        });
        props.put("mail2case.account.second.address", "SUPPORT@example.org");
        assertEquals("mail2case.account.second.address", failure().setting());
    }

    @Test
    void badAccountSettingStopsStartUpWithAMessageNamingIt() {
        try (TestMailServer mail = new TestMailServer()) {
            Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
            p.setProperty("mail2case.account.requests.poll-delay-ms", "soon");
            try (Mail2CaseApp app = Mail2CaseApp.start(p)) {
                fail("started with a bad setting");
            } catch (Exception e) {
                List<Throwable> chain = new java.util.ArrayList<>();
                for (Throwable c = e; c != null; c = c.getCause()) {
                    chain.add(c);
                }
                SettingException s = chain.stream().filter(SettingException.class::isInstance)
                        .map(SettingException.class::cast).findFirst().orElseThrow(() -> new AssertionError(e));
                assertEquals("mail2case.account.requests.poll-delay-ms", s.setting());
                assertTrue(s.getMessage().contains("'soon'"), s.getMessage());
            }
        }
    }
}

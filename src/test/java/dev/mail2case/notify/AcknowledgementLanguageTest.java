package dev.mail2case.notify;

import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The acknowledgement speaks the sender's language: the contact's, the client's, or the one the mail declares. */
class AcknowledgementLanguageTest {
    private final TestMailServer mail = new TestMailServer();
    private Mail2CaseApp app;

    @BeforeEach
    void start() throws Exception {
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
        new OrganisationImport(app.database()).importYaml("""
                clients:
                  - {name: Wisła Sp. z o.o., language: pl}
                  - {name: Northwind Traders}
                client_contacts:
                  - {email: anna@wisla.example, client: Wisła Sp. z o.o.}
                  - {email: marc@northwind.example, client: Northwind Traders, language: fr-FR}
                  - {email: bob@northwind.example, client: Northwind Traders}
                """);
    }

    @AfterEach
    void stop() {
        app.close();
        mail.close();
    }

    @Test
    void aContactWithoutALanguageOfItsOwnGetsItsClientsLanguage() throws Exception {
        send("anna@wisla.example", null);
        assertTrue(acknowledgementTo("anna@wisla.example").startsWith("Dzień dobry,"));
    }

    @Test
    void theContactsOwnLanguageWinsAndFallsBackFromRegionalToBaseLanguage() throws Exception {
        send("marc@northwind.example", "de");
        assertTrue(acknowledgementTo("marc@northwind.example").startsWith("Bonjour"));
    }

    @Test
    void withNoLanguageOnRecordTheLanguageTheMailDeclaresIsUsedElseTheBaseTemplate() throws Exception {
        send("stranger@mailbox.example", "fr-BE, en");
        send("bob@northwind.example", null);
        assertTrue(acknowledgementTo("stranger@mailbox.example").startsWith("Bonjour"));
        assertTrue(acknowledgementTo("bob@northwind.example").startsWith("Hello"));
    }

    @Test
    void anImportWithAMalformedLanguageIsRefusedNamingWhoHasIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new OrganisationImport(app.database()).importYaml("clients:\n  - {name: X, language: Polish!}\n"));
        assertTrue(e.getMessage().contains("client X has language 'Polish!'"), e.getMessage());
    }

    private void send(String from, String contentLanguage) throws Exception {
        MimeMessage m = new MimeMessage(mail.session());
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject("Heating in room 12");
        m.setText("It is cold.");
        if (contentLanguage != null) {
            m.setHeader("Content-Language", contentLanguage);
        }
        mail.send(m);
    }

    private String acknowledgementTo(String address) {
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(address).length == 1);
        return TestMailServer.text(mail.receivedBy(address)[0]);
    }
}

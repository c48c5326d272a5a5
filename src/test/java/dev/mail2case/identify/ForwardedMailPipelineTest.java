package dev.mail2case.identify;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardedMailPipelineTest extends PipelineTest {

    @Test
    void mailForwardedByAnOffice365RuleOpensTheCaseForTheOriginalSenderWhoGetsTheAcknowledgement()
            throws Exception {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        app = Mail2CaseApp.start(p);
        TestApp.execute(app, "INSERT INTO contacts (email, name, kind) VALUES "
                + "('claire.dubois@courriel.example', 'Claire Dubois', 'TENANT')");
        byte[] raw;
        try (var in = getClass().getResourceAsStream("/mail/identify/office365-forward-rule-inline-quoted-from.eml")) {
            raw = in.readAllBytes();
        }
        mail.sendRaw(raw, "verwaltung@sonnenhof-verwaltung.example", TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        assertEquals("claire.dubois@courriel.example", c.senderAddress());
        assertEquals(false, c.unregistered(), "the original sender is a known tenant");
        assertEquals(true, c.contactId() != null);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                mail.receivedBy("claire.dubois@courriel.example").length == 1);
        assertTrue(mail.receivedBy("claire.dubois@courriel.example")[0].getSubject().startsWith("[#"));
        assertEquals(0, mail.receivedBy("verwaltung@sonnenhof-verwaltung.example").length,
                "the forwarding mailbox is not acknowledged");
    }

    @Test
    void oneMailboxForSeveralAddressesAppliesTheSettingsOfTheAddressTheMailWasSentTo() throws Exception {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.accounts", "support,requests,managers");
        p.setProperty("mail2case.account.managers.poll", "false");
        p.setProperty("mail2case.account.managers.address", "managers@mail2case.test");
        p.setProperty("mail2case.account.managers.unknown-senders", "reject");
        app = Mail2CaseApp.start(p);
        // The managers' alias delivers into the support mailbox; the envelope keeps the alias.
        String raw = "Delivered-To: " + TestApp.SUPPORT + "\r\nX-Original-To: managers@mail2case.test\r\n"
                + "From: stranger@mailbox.example\r\nTo: managers@mail2case.test\r\n"
                + "Subject: Please call me\r\nMessage-ID: <alias-1@mailbox.example>\r\n\r\nThanks.\r\n";
        mail.sendRaw(raw.getBytes(), "stranger@mailbox.example", TestApp.SUPPORT);

        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy("stranger@mailbox.example").length == 1);
        assertTrue(TestMailServer.text(mail.receivedBy("stranger@mailbox.example")[0]).contains("is not registered"),
                "the managers' policy (reject) applied, not the support account's (accept)");
        assertEquals(0, Recorded.casesOpened(app));
        assertEquals("support", Recorded.firstMailTakenIn(app).account(),
                "the mail is recorded against the mailbox it was taken from");
    }
}

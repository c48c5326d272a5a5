package dev.mail2case.cases;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonParticipantReplyTest extends PipelineTest {
    private static final String ANNA = "anna@northwind.example";
    private static final String OLA = "ola@agency.example";
    private static final String OUTSIDER = "stranger@mailbox.example";
    private static final String COPIED = "carl@partner.example";

    @Test
    void everyReplyFromSomeoneNotOnTheCaseIsFlaggedAndTheAssigneeIsToldEachTime() throws Exception {
        app = Mail2CaseApp.start(TestApp.settings(TestPostgres.newDatabase(), mail));
        try (var in = getClass().getResourceAsStream("/organisation/every-assignment-path.yaml")) {
            new OrganisationImport(app.database()).importYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        MimeMessage first = new MimeMessage(mail.session());
        first.setFrom(new InternetAddress(ANNA));
        first.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        first.setRecipient(Message.RecipientType.CC, new InternetAddress(COPIED));
        first.setSubject("Broken hinge");
        first.setText("The hinge broke.");
        mail.send(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 1);
        String token = mail.receivedBy(ANNA)[0].getSubject().replaceAll("^(\\[#\\d+\\]).*", "$1");

        mail.send(OUTSIDER, TestApp.SUPPORT, "Re: " + token + " Broken hinge", "First word from outside.");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 2);
        mail.send(OUTSIDER, TestApp.SUPPORT, "Re: " + token + " Broken hinge", "Second word from outside.");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 3);
        mail.send(ANNA, TestApp.SUPPORT, "Re: " + token + " Broken hinge", "Anna again.");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 4);
        new OrganisationImport(app.database()).importContactsCsv(
                "kind,email,name,client\nclient,bob@northwind.example,Bob Nowak,Northwind Traders\n");
        mail.send("bob@northwind.example", TestApp.SUPPORT, "Re: " + token + " Broken hinge", "Bob, Anna's colleague.");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 5);
        mail.send(COPIED, TestApp.SUPPORT, "Re: " + token + " Broken hinge", "Copied on Anna's mail.");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 6);

        List<Recorded.CaseMessage> messages = Recorded.caseMessages(app);
        assertEquals(6, messages.size());
        assertEquals(false, messages.get(0).nonParticipant(), "the case's own sender");
        assertEquals(true, messages.get(1).nonParticipant(), "the outsider's first reply");
        assertEquals(true, messages.get(2).nonParticipant(), "the outsider's second reply: still not a participant");
        assertEquals(false, messages.get(3).nonParticipant(), "the case's contact");
        assertEquals(false, messages.get(4).nonParticipant(), "another contact of the case's client");
        assertEquals(false, messages.get(5).nonParticipant(), "someone copied on the case's first mail");
        assertEquals(2L, Recorded.nonParticipantComments(app));

        var notices = mail.receivedBy(OLA);
        for (int i = 1; i <= 2; i++) {
            String text = TestMailServer.text(notices[i]);
            assertTrue(text.contains(OUTSIDER + " is not a participant of this case"), text);
        }
        assertFalse(TestMailServer.text(notices[3]).contains("not a participant"), "Anna is on the case");
        assertFalse(TestMailServer.text(notices[4]).contains("not a participant"), "so is her client's contact");
    }
}

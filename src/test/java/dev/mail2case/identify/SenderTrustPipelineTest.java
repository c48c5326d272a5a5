package dev.mail2case.identify;

import dev.mail2case.cases.OrganisationImport;
import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestMailServer;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The account's own server's Authentication-Results decide whether a From is matched to its contact. */
class SenderTrustPipelineTest extends PipelineTest {
    private static final String ANNA = "anna@northwind.example";
    private static final String OLA = "ola@agency.example";

    private void start(String authservId, String policy) throws Exception {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        if (authservId != null) {
            p.setProperty("mail2case.account.support.authserv-id", authservId);
        }
        if (policy != null) {
            p.setProperty("mail2case.account.support.unverified-sender", policy);
        }
        app = Mail2CaseApp.start(p);
        try (var in = getClass().getResourceAsStream("/organisation/every-assignment-path.yaml")) {
            new OrganisationImport(app.database()).importYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** A mail from Anna's address as our server received it, with the verdict our server wrote on top. */
    private void sendFromAnna(String authenticationResults, String subject, String id) throws Exception {
        String raw = (authenticationResults == null ? "" : "Authentication-Results: " + authenticationResults + "\r\n")
                + "Received: from forger.example (forger.example [192.0.2.9]) by mx.our.example (Postfix)\r\n"
                + "From: Anna Nowak <" + ANNA + ">\r\nTo: " + TestApp.SUPPORT + "\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + id + "@northwind.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\nPlease pay the new account number.\r\n";
        mail.sendRaw(raw.getBytes(StandardCharsets.UTF_8), ANNA, TestApp.SUPPORT);
    }

    private static final String DMARC_FAIL = "mx.our.example;\r\n\tdmarc=fail (p=reject dis=none) header.from=northwind.example;"
            + "\r\n\tspf=fail (sender IP is 192.0.2.9) smtp.mailfrom=northwind.example; dkim=none (no signature)";

    @Test
    void flaggedPolicyKeepsTheContactAndShowsTheFailureOnTheCaseAndToTheAssignee() throws Exception {
        start("mx.our.example", null); // flagged is the default
        sendFromAnna(DMARC_FAIL, "New bank account", "forged-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 1);
        Recorded.Case c = Recorded.firstCase(app);
        assertEquals(false, c.unregistered());
        assertEquals(ANNA, c.contactAddress(), "flagged: the sender is still matched to the contact");
        String event = Recorded.firstCaseEvent(app, "sender-unverified").detail();
        assertTrue(event.contains("dmarc=fail for northwind.example"), event);
        String notice = TestMailServer.text(mail.receivedBy(OLA)[0]);
        assertTrue(notice.contains("WARNING: sender not verified: dmarc=fail for northwind.example"), notice);
    }

    @Test
    void unknownPolicyTreatsAFailingFromAsAnUnknownSender() throws Exception {
        start("mx.our.example", "unknown");
        sendFromAnna(DMARC_FAIL, "New bank account", "forged-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        Recorded.Case c = Recorded.firstCase(app);
        assertEquals(true, c.unregistered(), "the account's unknown-senders policy (accept-unregistered) applies");
        assertNull(c.contactId(), "not matched to Anna");
        assertNull(c.clientName(), "nor to her client");
        assertEquals(1L, Recorded.caseEvents(app, "sender-unverified"));
    }

    @Test
    void refusedPolicyOpensNoCaseAndTellsTheAddressWhy() throws Exception {
        start("mx.our.example", "refused");
        sendFromAnna("mx.our.example; spf=softfail smtp.mailfrom=northwind.example; dkim=fail header.d=northwind.example",
                "New bank account", "forged-3");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 1);
        String told = TestMailServer.text(mail.receivedBy(ANNA)[0]);
        assertTrue(told.contains("could not confirm") && told.contains("spf=softfail"), told);
        assertEquals(0L, Recorded.casesOpened(app));
        assertEquals("REJECTED", Recorded.firstMailTakenIn(app).outcome());
    }

    @Test
    void refusedPolicyKeepsAFailingReplyOffTheCase() throws Exception {
        start("mx.our.example", "refused");
        sendFromAnna("mx.our.example; dmarc=pass header.from=northwind.example", "Hinge", "real-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 1);
        String token = mail.receivedBy(ANNA)[0].getSubject().replaceAll("^(\\[#\\d+\\]).*", "$1");
        sendFromAnna(DMARC_FAIL, "Re: " + token + " Hinge", "forged-4");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 2);
        assertEquals(1L, Recorded.mailsOnCases(app), "the forged reply joined no case");
        assertEquals(0L, Recorded.caseEvents(app, "sender-unverified"));
    }

    @Test
    void aPassingFromIsMatchedWithoutAFlag() throws Exception {
        start("mx.our.example", "refused");
        sendFromAnna("mx.our.example; dkim=pass header.d=northwind.example; spf=softfail smtp.mailfrom=northwind.example",
                "Hinge", "real-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 1);
        assertEquals(ANNA, Recorded.firstCase(app).contactAddress());
        assertEquals(0L, Recorded.caseEvents(app, "sender-unverified"));
        assertFalse(TestMailServer.text(mail.receivedBy(OLA)[0]).contains("WARNING"));
    }

    @Test
    void headersOfAnotherServerCountForNothing() throws Exception {
        start("mx.our.example", "refused");
        sendFromAnna("mx.elsewhere.example; dmarc=fail header.from=northwind.example", "Hinge", "other-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals(ANNA, Recorded.firstCase(app).contactAddress());
        assertEquals(0L, Recorded.caseEvents(app, "sender-unverified"));
    }

    @Test
    void anAccountWithoutAnAuthservIdChecksNothing() throws Exception {
        start(null, "refused");
        sendFromAnna(DMARC_FAIL, "Hinge", "forged-5");
        await().atMost(Duration.ofSeconds(20)).until(() -> Recorded.casesOpened(app) == 1);
        assertEquals(ANNA, Recorded.firstCase(app).contactAddress());
        assertEquals(0L, Recorded.caseEvents(app, "sender-unverified"));
    }

    @Test
    void anUnverifiedReplyUnderTheUnknownPolicyIsANonParticipantsReply() throws Exception {
        start("mx.our.example", "unknown");
        sendFromAnna("mx.our.example; dmarc=pass header.from=northwind.example", "Hinge", "real-3");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(ANNA).length == 1);
        String token = mail.receivedBy(ANNA)[0].getSubject().replaceAll("^(\\[#\\d+\\]).*", "$1");
        sendFromAnna(DMARC_FAIL, "Re: " + token + " Hinge", "forged-6");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.receivedBy(OLA).length == 2);
        assertEquals(true, Recorded.caseMessageWithId(app, "forged-6@northwind.example").nonParticipant(),
                "a forged From is nobody on the case");
        String notice = TestMailServer.text(mail.receivedBy(OLA)[1]);
        assertTrue(notice.contains("not a participant") && notice.contains("WARNING: sender not verified"), notice);
    }
}

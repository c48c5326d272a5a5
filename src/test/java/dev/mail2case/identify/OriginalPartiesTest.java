package dev.mail2case.identify;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.mail.MailReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OriginalPartiesTest {

    private static final String TICKETS = "tickets@mail2case.example";

    private final OriginalParties parties = new OriginalParties();

    static byte[] fixture(String name) {
        try (InputStream in = OriginalPartiesTest.class.getResourceAsStream("/mail/identify/" + name)) {
            assertNotNull(in, "fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static InboundMail mail(String name) {
        return new MailReader().read(fixture(name));
    }

    /** The fixture with one header line replaced (or removed when replacement is empty). */
    static InboundMail mail(String name, String headerLine, String replacement) {
        String raw = new String(fixture(name), StandardCharsets.UTF_8);
        assertTrue(raw.contains(headerLine + "\n"), headerLine);
        String changed = raw.replace(headerLine + "\n", replacement.isEmpty() ? "" : replacement + "\n");
        return new MailReader().read(changed.getBytes(StandardCharsets.UTF_8));
    }

    private static ForwardingContext own(String... addresses) {
        return ForwardingContext.of(List.of(addresses), List.of());
    }

    private static void assertAddress(String expected, MailAddress actual) {
        assertNotNull(actual, "expected " + expected);
        assertEquals(AddressKey.of(expected), AddressKey.of(actual), actual.toString());
    }

    // --- Exchange / Office 365

    @Test
    void exchangeOriginalEnvelopeRecipientPicksTheAccountOfSeveral() {
        Parties p = parties.resolve(mail("exchange-redirect-rule-original-envelope-recipients.eml"),
                own("verwaltung@sonnenhof-verwaltung.example", "technik@sonnenhof-verwaltung.example", TICKETS));
        assertAddress("technik@sonnenhof-verwaltung.example", p.recipient());
        assertTrue(p.recipientIsOurs());
        assertTrue(p.how().contains("X-MS-Exchange-Organization-OriginalEnvelopeRecipients"), p.how());
    }

    @Test
    void exchangeRedirectRuleKeepsFromAndNamesTheRuleMailboxAsForwarder() {
        Parties p = parties.resolve(mail("exchange-redirect-rule-original-envelope-recipients.eml"), own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertEquals("Anna Berger", p.sender().name());
        assertAddress("technik@sonnenhof-verwaltung.example", p.forwarder());
        assertTrue(p.how().contains("Exchange redirect rule"), p.how());
    }

    @Test
    void exchangeRedirectWithOnlyTheServiceAddressKnownPicksTheServiceAddress() {
        Parties p = parties.resolve(mail("exchange-redirect-rule-original-envelope-recipients.eml"), own(TICKETS));
        assertAddress(TICKETS, p.recipient());
        assertTrue(p.recipientIsOurs());
    }

    @Test
    void office365ForwardRuleTakesTheSenderFromTheQuotedBlock() {
        Parties p = parties.resolve(mail("office365-forward-rule-inline-quoted-from.eml"),
                own(TICKETS, "verwaltung@sonnenhof-verwaltung.example"));
        assertAddress("claire.dubois@courriel.example", p.sender());
        assertEquals("Claire Dubois", p.sender().name());
        assertAddress("verwaltung@sonnenhof-verwaltung.example", p.forwarder());
        assertAddress("verwaltung@sonnenhof-verwaltung.example", p.recipient());
        assertTrue(p.how().contains("Exchange forward rule"), p.how());
        assertTrue(p.how().contains("recipient: quoted To"), p.how());
    }

    @Test
    void office365ForwardRuleWithoutLoopHeaderIsRecognisedByAutoForwardedAndQuotedTo() {
        InboundMail m = mail("office365-forward-rule-inline-quoted-from.eml",
                "X-MS-Exchange-Inbox-Rules-Loop: verwaltung@sonnenhof-verwaltung.example", "");
        Parties p = parties.resolve(m, own(TICKETS));
        assertAddress("claire.dubois@courriel.example", p.sender());
        assertAddress("verwaltung@sonnenhof-verwaltung.example", p.forwarder());
        assertTrue(p.how().contains("X-MS-Exchange-Organization-AutoForwarded"), p.how());
    }

    @Test
    void exchangeOriginalSenderHeaderServesWhenTheForwardHasNoQuotedBlock() {
        String raw = new String(fixture("office365-forward-rule-inline-quoted-from.eml"), StandardCharsets.UTF_8);
        InboundMail withoutBlock = new MailReader().read(raw
                .replace("X-MS-Exchange-Organization-AutoForwarded: true\n",
                        "X-MS-Exchange-Organization-OriginalSender: claire.dubois@courriel.example\n")
                .replace("From: Claire Dubois", "Note: Claire Dubois")
                .getBytes(StandardCharsets.UTF_8));
        Parties p = parties.resolve(withoutBlock, own(TICKETS));
        assertAddress("claire.dubois@courriel.example", p.sender());
        assertAddress("verwaltung@sonnenhof-verwaltung.example", p.forwarder());
        assertTrue(p.how().contains("X-MS-Exchange-Organization-OriginalSender"), p.how());
    }

    @Test
    void exchangeMailboxForwardingKeepsFromAndTheForwardingMailboxIsTheRecipient() {
        Parties p = parties.resolve(mail("exchange-mailbox-forwarding-loop.eml"),
                own(TICKETS, "info@lindenhof-immobilien.example"));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertAddress("info@lindenhof-immobilien.example", p.forwarder());
        assertAddress("info@lindenhof-immobilien.example", p.recipient());
        assertTrue(p.how().contains("X-MS-Exchange-ForwardingLoop"), p.how());
    }

    @Test
    void chainedRedirectRulesNameTheLastMailboxAsForwarderAndTheFirstAsRecipient() {
        InboundMail m = mail("exchange-redirect-rule-original-envelope-recipients.eml",
                "X-MS-Exchange-Inbox-Rules-Loop: technik@sonnenhof-verwaltung.example",
                "X-MS-Exchange-Inbox-Rules-Loop: hausmeister@sonnenhof-verwaltung.example\n"
                        + "X-MS-Exchange-Inbox-Rules-Loop: technik@sonnenhof-verwaltung.example");
        Parties p = parties.resolve(m, ForwardingContext.none());
        assertAddress("hausmeister@sonnenhof-verwaltung.example", p.forwarder());
        assertAddress("technik@sonnenhof-verwaltung.example", p.recipient());
    }

    @Test
    void envelopeToOfEximNamesTheAccount() {
        Parties p = parties.resolve(mail("exim-envelope-to.eml"),
                own(TICKETS, "sonnenhof@mail2case.example", "lindenhof@mail2case.example"));
        assertAddress("lindenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("recipient: Envelope-To"), p.how());
    }

    @Test
    void xEnvelopeToNamesTheAccount() {
        InboundMail m = mail("exim-envelope-to.eml", "Envelope-to: lindenhof@mail2case.example",
                "X-Envelope-To: <sonnenhof@mail2case.example>");
        Parties p = parties.resolve(m, own(TICKETS, "sonnenhof@mail2case.example", "lindenhof@mail2case.example"));
        assertAddress("sonnenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("recipient: X-Envelope-To"), p.how());
    }

    @Test
    void autoForwardedMailWithoutForwarderKeepsFromAndSaysSo() {
        InboundMail m = mail("exchange-mailbox-forwarding-loop.eml",
                "X-MS-Exchange-ForwardingLoop: info@lindenhof-immobilien.example;5e7a9c1b-3d5f-4b71-9a2c-4e6f8a0b2c4d", "");
        Parties p = parties.resolve(m, own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertTrue(p.how().contains("auto-forwarded"), p.how());
    }

    @Test
    void exchangeBccDeliveryIsNotedInHow() {
        InboundMail m = mail("exchange-redirect-rule-original-envelope-recipients.eml",
                "X-MS-Exchange-Organization-Recipient-P2-Type: To", "X-MS-Exchange-Organization-Recipient-P2-Type: Bcc");
        assertTrue(parties.resolve(m, own(TICKETS)).how().contains("we were Bcc"));
    }

    // --- Postfix aliases, Delivered-To

    @Test
    void postfixAliasXOriginalToNamesTheAccountAddress() {
        Parties p = parties.resolve(mail("postfix-alias-x-original-to.eml"),
                own(TICKETS, "sonnenhof@mail2case.example", "lindenhof@mail2case.example"));
        assertAddress("sonnenhof@mail2case.example", p.recipient());
        assertAddress("jan.nowak@poczta.example", p.sender());
        assertNull(p.forwarder());
        assertFalse(p.forwarded());
        assertTrue(p.how().startsWith("sender: From; recipient: X-Original-To"), p.how());
    }

    @Test
    void xOriginalToNamesTheAccountWhenWeWereBcc() {
        InboundMail m = mail("postfix-alias-x-original-to.eml", "To: Sonnenhof Service <sonnenhof@mail2case.example>",
                "To: Hausverwaltung <info@other-management.example>");
        Parties p = parties.resolve(m, own(TICKETS, "sonnenhof@mail2case.example"));
        assertAddress("sonnenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("recipient: X-Original-To"), p.how());
    }

    @Test
    void severalManagersOneMailboxBottomDeliveredToPicksTheManager() {
        Parties p = parties.resolve(mail("several-managers-one-mailbox-delivered-to.eml"),
                own(TICKETS, "keller.sonnenhof@mail2case.example", "yilmaz.lindenhof@mail2case.example"));
        assertAddress("yilmaz.lindenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("recipient: Delivered-To"), p.how());
        assertAddress("claire.dubois@courriel.example", p.sender());
    }

    @Test
    void firstToAddressDecidesWhenNoEnvelopeHeaderNamesOneOfOurs() {
        InboundMail m = mail("several-managers-one-mailbox-delivered-to.eml",
                "Delivered-To: yilmaz.lindenhof@mail2case.example", "");
        Parties p = parties.resolve(m, own("keller.sonnenhof@mail2case.example", "yilmaz.lindenhof@mail2case.example"));
        assertAddress("keller.sonnenhof@mail2case.example", p.recipient());
    }

    @Test
    void plusAddressedRecipientMatchesTheAccount() {
        InboundMail m = mail("postfix-alias-x-original-to.eml", "X-Original-To: sonnenhof@mail2case.example",
                "X-Original-To: sonnenhof+heating@mail2case.example");
        Parties p = parties.resolve(m, own("sonnenhof@mail2case.example"));
        assertTrue(p.recipientIsOurs());
        assertEquals("sonnenhof+heating@mail2case.example", p.recipient().address());
    }

    @Test
    void withoutKnownAddressesTheFirstHopIsReturnedAsNotOurs() {
        Parties p = parties.resolve(mail("postfix-alias-x-original-to.eml"), ForwardingContext.none());
        assertAddress("sonnenhof@mail2case.example", p.recipient());
        assertFalse(p.recipientIsOurs());
        assertTrue(p.how().contains("first hop"), p.how());
    }

    // --- Gmail

    @Test
    void gmailXForwardedForNamesTheForwardingMailbox() {
        Parties p = parties.resolve(mail("gmail-forwarding-x-forwarded-for.eml"),
                own(TICKETS, "m.keller.sonnenhof@gmail.com"));
        assertAddress("jan.nowak@poczta.example", p.sender());
        assertAddress("m.keller.sonnenhof@gmail.com", p.forwarder());
        assertAddress("m.keller.sonnenhof@gmail.com", p.recipient());
        assertTrue(p.how().contains("X-Forwarded-For"), p.how());
    }

    @Test
    void gmailForwardToTheServiceAddressPicksItWhenTheMailboxIsNotOurs() {
        Parties p = parties.resolve(mail("gmail-forwarding-x-forwarded-for.eml"), own(TICKETS));
        assertAddress(TICKETS, p.recipient());
        assertTrue(p.recipientIsOurs());
    }

    @Test
    void gmailInlineForwardByKnownForwarderYieldsQuotedFrom() {
        ForwardingContext ctx = ForwardingContext.of(
                List.of(TICKETS, "keller.sonnenhof@mail2case.example", "yilmaz.lindenhof@mail2case.example"),
                List.of("m.keller.sonnenhof@gmail.com"));
        Parties p = parties.resolve(mail("gmail-inline-forward-by-manager.eml"), ctx);
        assertAddress("claire.dubois@courriel.example", p.sender());
        assertEquals("Claire Dubois", p.sender().name());
        assertAddress("m.keller.sonnenhof@gmail.com", p.forwarder());
        assertAddress("keller.sonnenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("Gmail"), p.how());
    }

    @Test
    void inlineForwardByUnknownSenderKeepsFrom() {
        Parties p = parties.resolve(mail("gmail-inline-forward-by-manager.eml"), own(TICKETS));
        assertAddress("m.keller.sonnenhof@gmail.com", p.sender());
        assertNull(p.forwarder());
        assertAddress(TICKETS, p.recipient());
    }

    // --- Resent, SRS

    @Test
    void resentFromKeepsOriginalSenderAndNamesTheForwarder() {
        Parties p = parties.resolve(mail("sendmail-resent-headers.eml"), own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertAddress("hausmeister@sonnenhof-verwaltung.example", p.forwarder());
        assertEquals("Hausmeister Sonnenhof", p.forwarder().name());
        assertAddress(TICKETS, p.recipient());
        assertTrue(p.how().contains("Resent-From"), p.how());
    }

    @Test
    void resentSenderNamesTheForwarderWhenResentFromIsMissing() {
        InboundMail m = mail("sendmail-resent-headers.eml",
                "Resent-From: Hausmeister Sonnenhof <hausmeister@sonnenhof-verwaltung.example>",
                "Resent-Sender: hausmeister@sonnenhof-verwaltung.example");
        Parties p = parties.resolve(m, own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertAddress("hausmeister@sonnenhof-verwaltung.example", p.forwarder());
        assertTrue(p.how().contains("Resent-Sender"), p.how());
    }

    @Test
    void resentMailWasFirstSentToItsToAddress() {
        Parties p = parties.resolve(mail("sendmail-resent-headers.eml"),
                own(TICKETS, "hausmeister@sonnenhof-verwaltung.example"));
        assertAddress("hausmeister@sonnenhof-verwaltung.example", p.recipient());
        assertTrue(p.how().contains("To (before Resent-To)"), p.how());
    }

    @Test
    void srs0ReturnPathNamesTheForwarderWhileFromIsKept() {
        Parties p = parties.resolve(mail("srs-rewritten-return-path.eml"),
                own(TICKETS, "verwaltung@sonnenhof-verwaltung.example"));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertEquals("relay.sonnenhof-verwaltung.example", AddressKey.of(p.forwarder()).orElseThrow().domain());
        // forwarded: the address the sender wrote comes before our envelope, which names the forward target
        assertAddress("verwaltung@sonnenhof-verwaltung.example", p.recipient());
    }

    @Test
    void srs0ReturnPathRevealsOriginalSender() {
        InboundMail m = mail("srs-rewritten-return-path.eml", "From: Anna Berger <anna.berger@mieter-mail.example>",
                "From: \"Anna Berger via Sonnenhof\" <noreply@relay.sonnenhof-verwaltung.example>");
        Parties p = parties.resolve(m, own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertTrue(p.how().contains("SRS"), p.how());
    }

    @Test
    void srsReturnPathGivesTheSenderWhenFromIsMissing() {
        InboundMail m = mail("srs-rewritten-return-path.eml", "From: Anna Berger <anna.berger@mieter-mail.example>", "");
        Parties p = parties.resolve(m, own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertTrue(p.how().contains("no From"), p.how());
    }

    @Test
    void srs1ReturnPathRevealsOriginalSender() {
        InboundMail m = mail("srs-rewritten-return-path.eml",
                "Return-Path: <SRS0=k3Vq=2T=mieter-mail.example=anna.berger@relay.sonnenhof-verwaltung.example>",
                "Return-Path: <SRS1=Zq8w=relay.sonnenhof-verwaltung.example==k3Vq=2T=mieter-mail.example=anna.berger@backup.mail2case.example>");
        InboundMail own = mail("srs-rewritten-return-path.eml", "From: Anna Berger <anna.berger@mieter-mail.example>",
                "From: Service <tickets@mail2case.example>");
        assertAddress("anna.berger@mieter-mail.example", parties.resolve(m, own(TICKETS)).sender());
        Parties p = parties.resolve(own, own(TICKETS));
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertTrue(p.how().contains("From is our own address"), p.how());
    }

    // --- inline forwards in other clients and languages

    @Test
    void managerOutlookForwardInGermanYieldsQuotedSender() {
        ForwardingContext ctx = ForwardingContext.of(List.of(TICKETS), List.of("m.keller@sonnenhof-verwaltung.example"));
        Parties p = parties.resolve(mail("manager-outlook-forward-german.eml"), ctx);
        assertAddress("jan.nowak@poczta.example", p.sender());
        assertEquals("Nowak, Jan", p.sender().name());
        assertAddress("m.keller@sonnenhof-verwaltung.example", p.forwarder());
        assertAddress(TICKETS, p.recipient());
        assertTrue(p.how().contains("Outlook"), p.how());
    }

    @Test
    void quotedToOfOursDecidesOverTheForwardTarget() {
        ForwardingContext ctx = ForwardingContext.of(List.of(TICKETS, "hausmeister@sonnenhof-verwaltung.example"),
                List.of("m.keller@sonnenhof-verwaltung.example"));
        Parties p = parties.resolve(mail("manager-outlook-forward-german.eml"), ctx);
        assertAddress("hausmeister@sonnenhof-verwaltung.example", p.recipient());
        assertTrue(p.how().contains("recipient: quoted Cc"), p.how());
    }

    @Test
    void appleMailForwardByKnownForwarderYieldsQuotedFrom() {
        ForwardingContext ctx = ForwardingContext.of(List.of(TICKETS, "lindenhof@mail2case.example"),
                List.of("s.yilmaz@lindenhof-immobilien.example"));
        Parties p = parties.resolve(mail("apple-mail-begin-forwarded-message.eml"), ctx);
        assertAddress("tom.becker@icloud.com", p.sender());
        assertEquals("Tom Becker", p.sender().name());
        assertAddress("lindenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("Apple Mail"), p.how());
    }

    @Test
    void thunderbirdGermanForwardByKnownForwarderYieldsQuotedFrom() {
        ForwardingContext ctx = ForwardingContext.of(List.of(TICKETS, "sonnenhof@mail2case.example"),
                List.of("Hausmeister@Sonnenhof-Verwaltung.example"));
        Parties p = parties.resolve(mail("thunderbird-forwarded-message-block.eml"), ctx);
        assertAddress("anna.berger@mieter-mail.example", p.sender());
        assertAddress("sonnenhof@mail2case.example", p.recipient());
        assertTrue(p.how().contains("Thunderbird"), p.how());
    }

    @Test
    void outlookFrenchForwardByKnownForwarderYieldsQuotedFrom() {
        ForwardingContext ctx = ForwardingContext.of(List.of(TICKETS), List.of("m.keller@sonnenhof-verwaltung.example"));
        Parties p = parties.resolve(mail("outlook-forward-french.eml"), ctx);
        assertAddress("claire.dubois@courriel.example", p.sender());
        assertEquals("Claire Dubois", p.sender().name());
    }

    @Test
    void outlookPolishForwardByKnownForwarderYieldsQuotedFromAndQuotedCc() {
        ForwardingContext ctx = ForwardingContext.of(List.of(TICKETS, "sonnenhof@mail2case.example"),
                List.of("m.keller@sonnenhof-verwaltung.example"));
        Parties p = parties.resolve(mail("outlook-forward-polish.eml"), ctx);
        assertAddress("jan.nowak@poczta.example", p.sender());
        assertAddress("sonnenhof@mail2case.example", p.recipient());
    }

    // --- plain mail

    @Test
    void directMailIsFromAndTo() {
        InboundMail m = mail("postfix-alias-x-original-to.eml", "X-Original-To: sonnenhof@mail2case.example", "");
        Parties p = parties.resolve(m, own(TICKETS, "sonnenhof@mail2case.example"));
        assertAddress("jan.nowak@poczta.example", p.sender());
        assertAddress("sonnenhof@mail2case.example", p.recipient());
        assertEquals("sender: From; recipient: To", p.how());
    }
}

package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuotedHeadersTest {

    private static QuotedHeaders find(String text) {
        return QuotedHeaders.find(text).orElseThrow(() -> new AssertionError("no block in:\n" + text));
    }

    @Test
    void gmailBlockGivesSenderRecipientsAndSubject() {
        QuotedHeaders q = find("""
                Please handle.

                ---------- Forwarded message ---------
                From: Alice Example <alice@example.com>
                Date: Mon, 16 Nov 2026 at 09:12
                Subject: Heating broken
                To: <manager@tenant.example>
                Cc: Bob <bob@example.org>, carol@example.net
                """);
        assertEquals("Gmail", q.style());
        assertEquals(new MailAddress("alice@example.com", "Alice Example"), q.from());
        assertEquals(List.of(new MailAddress("manager@tenant.example", null)), q.to());
        assertEquals(List.of(new MailAddress("bob@example.org", "Bob"), new MailAddress("carol@example.net", null)), q.cc());
        assertEquals("Heating broken", q.subject());
    }

    @Test
    void classicOutlookMailtoFormAndSemicolonListsAreRead() {
        QuotedHeaders q = find("""
                -----Original Message-----
                From: Alice Example [mailto:alice@example.com]\s
                Sent: Monday, November 16, 2026 9:12 AM
                To: Manager One <one@tenant.example>; Manager Two <two@tenant.example>
                Subject: Heating broken
                """);
        assertEquals("Outlook", q.style());
        assertEquals(new MailAddress("alice@example.com", "Alice Example"), q.from());
        assertEquals(List.of(new MailAddress("one@tenant.example", "Manager One"),
                new MailAddress("two@tenant.example", "Manager Two")), q.to());
    }

    @Test
    void outlookBlockWithoutMarkerNeedsTheFullLayout() {
        assertEquals("Outlook", find("""
                From: Alice <alice@example.com>
                Sent: Monday, November 16, 2026 9:12 AM
                To: manager@tenant.example
                Subject: Heating broken
                """).style());
        assertEquals("quoted headers", find("""
                Original message follows.

                MIME-Version: 1.0
                From: alice@example.com
                To: manager@tenant.example
                Date: 9 Jul 2026 18:25:13 -0700
                Subject: Heating broken
                Content-Type: text/plain
                """).style());
        // a lone From: line in prose is no forwarded message
        assertEquals(Optional.empty(), QuotedHeaders.find("""
                From: the caretaker, who says the boiler is broken.
                To: be continued
                """));
        assertEquals(Optional.empty(), QuotedHeaders.find("From: Alice <alice@example.com>\nThanks!\n"));
    }

    @Test
    void germanFrenchAndPolishFieldNamesAreRead() {
        assertEquals("hans@example.de", find("""
                -----Ursprüngliche Nachricht-----
                Von: Müller, Hans <hans@example.de>
                Gesendet: Montag, 16. November 2026 09:12
                An: Verwaltung <verwaltung@tenant.example>
                Betreff: Heizung
                """).from().address());
        QuotedHeaders fr = find("""
                ________________________________
                De\u00a0: Claire Dubois <claire@example.fr>
                Envoyé\u00a0: lundi 16 novembre 2026 18:03
                À\u00a0: Gestion <gestion@tenant.example>
                Objet\u00a0: Clé perdue
                """);
        assertEquals("claire@example.fr", fr.from().address());
        assertEquals("gestion@tenant.example", fr.to().get(0).address());
        assertEquals("Clé perdue", fr.subject());
        QuotedHeaders pl = find("""
                -----Wiadomość oryginalna-----
                Od: Jan Nowak <jan@example.pl>
                Wysłano: poniedziałek, 16 listopada 2026 11:30
                Do: Zarząd <zarzad@tenant.example>
                DW: kopia@tenant.example
                Temat: Domofon
                """);
        assertEquals(new MailAddress("jan@example.pl", "Jan Nowak"), pl.from());
        assertEquals("kopia@tenant.example", pl.cc().get(0).address());
    }

    @Test
    void appleMailQuotedBlockIsRead() {
        QuotedHeaders q = find("""
                > Begin forwarded message:
                >
                > From: Tom Becker <tom@example.com>
                > Subject: Light out
                > Date: 16 November 2026 at 21:14:37 CET
                > To: Selin <selin@tenant.example>
                """);
        assertEquals("Apple Mail", q.style());
        assertEquals("tom@example.com", q.from().address());
    }

    @Test
    void thunderbirdBlockWithSubjectFirstIsRead() {
        QuotedHeaders q = find("""
                -------- Forwarded Message --------
                Subject: \tLift stuck
                Date: \tMon, 16 Nov 2026 09:58:55 +0100
                From: \tAnna <anna@example.com>
                To: \tCaretaker <caretaker@tenant.example>
                """);
        assertEquals("Thunderbird", q.style());
        assertEquals("anna@example.com", q.from().address());
        assertEquals("caretaker@tenant.example", q.to().get(0).address());
    }

    @Test
    void boldFieldNamesOfTextRenderingsAreRead() {
        QuotedHeaders q = find("""
                ________________________________
                *From:* Alice Example <alice@example.com>
                *Sent:* Monday, November 16, 2026 9:12 AM
                *To:* manager@tenant.example
                *Subject:* Heating broken
                """);
        assertEquals("alice@example.com", q.from().address());
        assertEquals("Heating broken", q.subject());
    }

    @Test
    void firstBlockIsTheForwardedMessageNotOlderHistory() {
        QuotedHeaders q = find("""
                ---------- Forwarded message ---------
                From: Newest <newest@example.com>
                Date: Tue, 17 Nov 2026 at 10:00
                Subject: Re: Heating
                To: manager@tenant.example

                Still broken.

                -----Original Message-----
                From: Older <older@example.com>
                Sent: Monday, November 16, 2026 9:12 AM
                To: manager@tenant.example
                Subject: Heating
                """);
        assertEquals("newest@example.com", q.from().address());
    }

    @Test
    void senderWithoutAddressGivesNoBlock() {
        assertEquals(Optional.empty(), QuotedHeaders.find("""
                -----Original Message-----
                From: Müller, Hans
                Sent: Monday, November 16, 2026 9:12 AM
                To: Keller, Markus
                Subject: Heizung
                """));
    }

    @Test
    void emptyOrPlainTextGivesNoBlock() {
        assertEquals(Optional.empty(), QuotedHeaders.find(null));
        assertEquals(Optional.empty(), QuotedHeaders.find(""));
        assertEquals(Optional.empty(), QuotedHeaders.find("Hello,\nthe heating is broken.\n"));
    }

    @Test
    void internationalDomainInQuotedAddressIsKept() {
        assertEquals("hans@müller.de", QuotedHeaders.addresses("Hans <hans@müller.de>").get(0).address());
    }
}

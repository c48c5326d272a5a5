package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuoteStripperTest {

    private final QuoteStripper stripper = new QuoteStripper();

    private static InboundMail fixture(String name) throws IOException {
        try (InputStream in = QuoteStripperTest.class.getResourceAsStream("/mail/thread/" + name)) {
            assertNotNull(in, name);
            return new MailReader().read(in.readAllBytes());
        }
    }

    private QuoteStripper.Stripped strip(String name) throws IOException {
        return stripper.strip(fixture(name));
    }

    @Test
    void htmlReplyWhoseQuoteMarkersWereSanitisedAwayStillLosesTheQuote() throws IOException {
        // The reader's sanitiser keeps no class or type attributes: the quote must go all the same.
        QuoteStripper.Stripped s = strip("html-reply-whose-quote-markers-were-sanitised-away.eml");
        assertTrue(s.text().contains("The leak is fixed"), s.text());
        assertFalse(s.text().contains("We have opened case"), s.text());
    }

    @Test
    void outlookOriginalMessageBlockIsStripped() throws IOException {
        QuoteStripper.Stripped s = strip("outlook-reply-with-original-message-block.eml");
        assertEquals("The printer works again, thank you.\n\nAnna", s.text());
        assertTrue(s.stripped());
    }

    @Test
    void outlookGermanVonGesendetBlockIsStrippedWithItsRule() throws IOException {
        assertEquals("Der Drucker geht wieder.", strip("outlook-reply-german-von-gesendet-block.eml").text());
    }

    @Test
    void gmailGermanAmSchriebAttributionAndQuoteAreStripped() throws IOException {
        assertEquals("Danke, jetzt geht es.", strip("gmail-reply-on-wrote-german.eml").text());
    }

    @Test
    void gmailAttributionWrappedOverTwoLinesIsStripped() throws IOException {
        assertEquals("Works now, thanks.", strip("gmail-reply-attribution-wrapped-over-two-lines.eml").text());
    }

    @Test
    void frenchLeAEcritAttributionIsStripped() throws IOException {
        assertEquals("Merci, tout fonctionne.", strip("gmail-reply-le-a-ecrit-french.eml").text());
    }

    @Test
    void polishWDniuNapisalAttributionIsStripped() throws IOException {
        assertEquals("Dziękuję, działa.", strip("reply-w-dniu-napisal-polish.eml").text());
    }

    @Test
    void spanishElEscribioAttributionIsStripped() throws IOException {
        assertEquals("Gracias, ya funciona.", strip("gmail-reply-el-escribio-spanish.eml").text());
    }

    @Test
    void appleMailForwardedMessageIsStripped() throws IOException {
        assertEquals("Please look at this one.", strip("apple-mail-forward.eml").text());
    }

    @Test
    void forwardWithoutOwnTextKeepsItsContent() throws IOException {
        QuoteStripper.Stripped s = strip("apple-mail-forward-without-own-text.eml");
        assertTrue(s.text().contains("Your invoice 78 is attached."));
        assertFalse(s.stripped());
    }

    @Test
    void inlineAnswersBetweenQuotesAreKept() throws IOException {
        String text = strip("inline-reply-between-quotes.eml").text();
        assertTrue(text.contains("> Which model is the printer?"), text);
        assertTrue(text.contains("HP LaserJet 4050."), text);
        assertTrue(text.contains("> Which floor is it on?"), text);
        assertTrue(text.endsWith("Third floor, room 301."), text);
        assertFalse(text.contains("Best regards"), text);
    }

    @Test
    void thunderbirdMozCitePrefixAndCiteBlockquoteAreStripped() throws IOException {
        QuoteStripper.Stripped s = strip("thunderbird-html-reply-with-moz-cite-prefix.eml");
        assertEquals("All good now, thank you.", s.text());
        assertTrue(s.stripped());
    }

    @Test
    void outlookHtmlDivRplyFwdMsgAndFollowingQuoteAreStripped() throws IOException {
        assertEquals("Confirmed fixed on our side.", strip("outlook-html-reply-divRplyFwdMsg.eml").text());
    }

    @Test
    void gmailHtmlQuoteIsStripped() throws IOException {
        assertEquals("Yes, it prints again.", strip("gmail-html-reply-gmail-quote.eml").text());
    }

    @Test
    void yahooQuotedIsStripped() throws IOException {
        assertEquals("Thanks, solved.", strip("yahoo-html-reply-yahoo-quoted.eml").text());
    }

    @Test
    void strippedHtmlIsSafe() {
        String html = stripper.stripHtml("<p onclick=\"x()\">Mine<script>alert(1)</script></p>"
                + "<div class=\"gmail_quote\">theirs</div>");
        assertFalse(html.contains("script"), html);
        assertFalse(html.contains("onclick"), html);
        assertFalse(html.contains("theirs"), html);
        assertTrue(html.contains("Mine"), html);
    }

    @Test
    void htmlThatIsAllQuoteIsKept() {
        String html = stripper.stripHtml("<blockquote type=\"cite\">only the quote</blockquote>");
        assertTrue(html.contains("only the quote"), html);
    }

    @Test
    void textThatIsAllQuoteIsKept() {
        String text = "> only\n> quoted";
        assertEquals(text, stripper.stripText(text));
    }

    @Test
    void dutchAndItalianAttributionsAreStripped() {
        assertEquals("Dank je.", stripper.stripText("Dank je.\n\nOp ma 2 mrt. 2026 om 09:00 schreef Support <s@x.org>:\n> tekst"));
        assertEquals("Grazie.", stripper.stripText("Grazie.\n\nIl giorno lun 2 mar 2026 alle 09:00 Support ha scritto:\n> testo"));
    }

    @Test
    void frenchOutlookHeaderBlockIsStripped() {
        String text = "Bien reçu.\n\nDe : Support <s@x.org>\nEnvoyé : lundi 2 mars 2026 09:00\nÀ : Marie\nObjet : [#1] Test\n\nTexte";
        assertEquals("Bien reçu.", stripper.stripText(text));
    }

    @Test
    void polishOutlookSeparatorIsStripped() {
        assertEquals("Dzięki.", stripper.stripText("Dzięki.\n\n-----Wiadomość oryginalna-----\nOd: Support\nWysłano: dziś\nDo: Jan\nTemat: x\n\ntreść"));
        assertEquals("Merci.", stripper.stripText("Merci.\n-----Message d'origine-----\nDe : Support\n\ntexte"));
        assertEquals("Danke.", stripper.stripText("Danke.\n-----Ursprüngliche Nachricht-----\nVon: Support\n\nText"));
    }

    @Test
    void signatureIsKept() {
        String text = "Thanks.\n\n-- \nAnna Kowal\n+48 600 000 000";
        assertEquals(text, stripper.stripText(text));
    }

    @Test
    void aSentenceStartingWithOnIsNotAnAttribution() {
        String text = "On Monday the printer failed again.\nPlease come and see.";
        assertEquals(text, stripper.stripText(text));
    }

    @Test
    void veryLongLinesAreNotTakenForAttributions() {
        String text = "Am " + "x ".repeat(50_000) + "\n> quoted";
        assertTrue(stripper.stripText(text).startsWith("Am x"));
    }

    @Test
    void headerBlockWithDateAboveSenderIsStripped() {
        String text = "Anbei die Daten.\n\nGesendet: Mittwoch, 03. Februar 2016 um 12:43 Uhr\n\nVon: \"Max\" <m@x.org>\n\n"
                + "An: info@x.org\n\nBetreff: Zugangsdaten\n\nalter Text";
        assertEquals("Anbei die Daten.", stripper.stripText(text));
    }

    @Test
    void aLineStartingWithFromIsNoHeaderBlockAlone() {
        String text = "From: the customer side, all fine.\nThanks.";
        assertEquals(text, stripper.stripText(text));
    }

    @Test
    void crlfTextWithoutHistoryIsNotReportedAsStripped() {
        String text = "Hello\r\nworld\r\n\r\n";
        assertEquals(text, stripper.stripText(text));
    }
}

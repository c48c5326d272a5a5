package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuotedHistoryTest {

    private static String stripped(String fixture) throws IOException {
        try (InputStream in = QuotedHistoryTest.class.getResourceAsStream("/mail/thread/" + fixture)) {
            InboundMail mail = new MailReader().read(in.readAllBytes());
            return QuotedHistory.strip(mail);
        }
    }

    @Test
    void outlookOriginalMessageSeparatorEndsTheReply() throws IOException {
        String text = stripped("outlook-reply-original-message-separator.eml");
        assertTrue(text.startsWith("It jams again"), text);
        assertTrue(text.endsWith("Anna"), text);
        assertFalse(text.contains("opened case"), text);
    }

    @Test
    void germanOutlookVonGesendetBlockEndsTheReply() throws IOException {
        assertEquals("Danke, es funktioniert jetzt.", stripped("outlook-reply-german-von-gesendet-block.eml"));
    }

    @Test
    void gmailOnWroteAttributionAndItsQuotesAreLeftOut() throws IOException {
        assertEquals("The VPN works now, thanks!", stripped("gmail-reply-on-wrote-english.eml"));
    }

    @Test
    void attributionWrappedOverTwoLinesIsRecognised() throws IOException {
        assertEquals("Faktura jest juz poprawiona.",
                stripped("gmail-reply-polish-attribution-wrapped-over-two-lines.eml"));
    }

    @Test
    void forwardWithoutOwnTextKeepsTheForwardedMail() throws IOException {
        String text = stripped("apple-mail-forward-without-own-text-keeps-everything.eml");
        assertTrue(text.contains("The gate at entrance B does not close."), text);
    }

    @Test
    void answersWrittenBetweenQuotedLinesAreKept() throws IOException {
        String text = stripped("inline-answers-between-quotes-are-kept.eml");
        assertTrue(text.contains("Third floor.") && text.contains("HP 4050."), text);
        assertTrue(text.contains("> Which model?"), "the questions they answer stay too: " + text);
    }

    @Test
    void thunderbirdHtmlReplyLosesItsCitedBlock() throws IOException {
        String text = stripped("thunderbird-html-reply-with-cite-blockquote.eml");
        assertTrue(text.contains("The leak is fixed"), text);
        assertFalse(text.contains("We have opened case"), text);
    }

    @Test
    void outlookHtmlReplyLosesEverythingFromItsReplyHeader() throws IOException {
        String text = stripped("outlook-html-reply-divRplyFwdMsg.eml");
        assertTrue(text.contains("Laptop delivered."), text);
        assertFalse(text.contains("We have opened case"), text);
    }

    @Test
    void trailingQuoteBlockWithoutAttributionIsLeftOut() {
        assertEquals("Yes, please.", QuotedHistory.strip("Yes, please.\n\n> Shall we send a technician?\n> \n"));
    }

    @Test
    void aLineThatMerelyMentionsFromIsNotAHeaderBlock() {
        String text = "From: the start it was broken.\nPlease check.";
        assertEquals(text, QuotedHistory.strip(text));
    }
}

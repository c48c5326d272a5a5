package dev.mail2case.mail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailReaderTest {

    private final MailReader reader = new MailReader();

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = MailReaderTest.class.getResourceAsStream("/mail/reader/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private InboundMail read(String name) throws IOException {
        return reader.read(fixture(name));
    }

    private static MailAttachment attachment(InboundMail mail, String filename) {
        return mail.attachments().stream().filter(a -> a.filename().equals(filename)).findFirst()
                .orElseThrow(() -> new AssertionError(filename + " not in " + mail.attachments().stream()
                        .map(MailAttachment::filename).toList()));
    }

    @Test
    void htmlOnlyMailGetsReadableTextWithLinkTargets() throws IOException {
        InboundMail mail = read("html-only-with-list-and-link.eml");
        assertEquals("text/html", mail.contentType());
        assertEquals("First paragraph.\n\nSecond paragraph with our help page (https://example.com/help).\n\n- one\n- two",
                mail.text());
    }

    @Test
    void htmlIsSanitisedWithoutScriptsHandlersOrRemoteLoads() throws IOException {
        String html = read("html-only-with-list-and-link.eml").html();
        assertFalse(html.contains("script"), html);
        assertFalse(html.contains("onload") || html.contains("onclick"), html);
        assertFalse(html.contains("tracker.example.net"), html);
        assertTrue(html.contains("href=\"https://example.com/help\""), html);
    }

    @Test
    void plainTextIsPreferredAndCidImagesPointAtStoredInlineAttachments() throws IOException {
        InboundMail mail = read("inline-image-with-content-id.eml");
        assertEquals("text/plain", mail.contentType());
        assertEquals("See the picture.", mail.text().strip());
        MailAttachment logo = mail.attachments().get(0);
        assertEquals("logo@example.com", logo.contentId());
        assertTrue(logo.inline());
        assertEquals("image/png", logo.contentType());
        assertTrue(mail.html().contains("src=\"cid:logo@example.com\""), mail.html());
        assertFalse(mail.html().contains("cid:missing@example.com"), mail.html());
        assertFalse(mail.html().contains("remote.example.net"), mail.html());
        assertFalse(mail.html().contains("javascript"), mail.html());
    }

    @Test
    void rfc2231ContinuedFilenameIsJoinedAndDecoded() throws IOException {
        InboundMail mail = read("filename-rfc2231-continuation.eml");
        assertEquals("Grüße aus München.pdf", mail.attachments().get(0).filename());
        assertEquals("Grüße aus München.pdf", mail.attachments().get(0).originalFilename());
    }

    @Test
    void winmailDatIsReplacedByTheFilesItCarries() throws IOException {
        InboundMail mail = read("winmail-dat-with-two-files.eml");
        List<String> names = mail.attachments().stream().map(MailAttachment::filename).toList();
        assertTrue(names.containsAll(List.of("AUTHORS", "README")), names.toString());
        assertFalse(names.contains("winmail.dat"), names.toString());
        assertTrue(attachment(mail, "README").size() > 0);
    }

    @Test
    void tnefPayloadDecodesDirectly() throws Exception {
        List<TnefDecoder.File> files = TnefDecoder.decode(
                Files.readAllBytes(Path.of(System.getProperty("mail2case.home", "."), "..", "shared", "corpus",
                        "mimekit", "tnef-payloads", "one-file.tnef")));
        assertEquals("AUTHORS", files.get(0).name());
    }

    @Test
    void nestedMailIsKeptAsEmlAndItsAttachmentsAreExtracted() throws IOException {
        InboundMail mail = read("nested-rfc822-with-attachment.eml");
        assertEquals("forwarding this", mail.text().strip());
        MailAttachment eml = attachment(mail, "original report.eml");
        assertEquals("message/rfc822", eml.contentType());
        assertTrue(new String(eml.content(), StandardCharsets.UTF_8).contains("inner body text"));
        assertEquals("a,b\r\n1,2", new String(attachment(mail, "figures.csv").content(), StandardCharsets.UTF_8).strip());
        assertEquals(2, mail.attachments().size(), "the inner body is not an attachment of its own");
    }

    @Test
    void uuencodedBlockBecomesAnAttachmentAndLeavesTheText() throws IOException {
        InboundMail mail = read("uuencoded-attachment-in-text.eml");
        assertEquals("hello world\n", new String(attachment(mail, "hello.txt").content(), StandardCharsets.US_ASCII));
        assertFalse(mail.text().contains("begin 644"), mail.text());
        assertTrue(mail.text().contains("Bye"));
    }

    @Test
    void duplicateNamesAreNumberedMissingNamesGeneratedAndUnsafeCharactersReplaced() throws IOException {
        InboundMail mail = read("duplicate-and-unsafe-attachment-names.eml");
        List<String> names = mail.attachments().stream().map(MailAttachment::filename).toList();
        assertEquals("a.pdf", names.get(0));
        assertEquals("a (2).pdf", names.get(1));
        assertEquals("attachment-1.png", names.get(2));
        String unsafe = names.get(3);
        assertFalse(unsafe.contains("/") || unsafe.contains("\\") || unsafe.contains(":"), unsafe);
        assertEquals("../../etc/pass:wdx01.txt", mail.attachments().get(3).originalFilename(), "a quoted backslash escapes");
        assertNull(mail.attachments().get(2).originalFilename());
    }

    @Test
    void namesAreShownAsSentAndOnlyStorageNamesAreSanitised() throws IOException {
        InboundMail mail = read("names-as-sent-keep-colons-storage-names-do-not.eml");
        MailAttachment forwarded = mail.attachments().get(0);
        assertEquals("Re: Order 12/7: delivery date?.eml", forwarded.name());
        assertFalse(forwarded.filename().contains(":") || forwarded.filename().contains("/")
                || forwarded.filename().contains("?"), forwarded.filename());
        MailAttachment plan = mail.attachments().get(1);
        assertEquals("Q1: plan|final.pdf", plan.name());
        assertEquals("Q1: plan|final.pdf", plan.originalFilename());
        assertEquals("Q1_ plan_final.pdf", plan.filename());
    }

    @Test
    void crOnlyLineEndingsAreNormalisedAndRecorded() throws IOException {
        InboundMail mail = read("cr-only-line-endings.eml");
        assertEquals("classic Mac", mail.subject());
        assertEquals("mac@example.com", mail.from().address());
        assertEquals("line one\nline two", mail.text().strip().replace("\r\n", "\n"));
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("CR only")), mail.defects().toString());
    }

    @Test
    void adjacentSplitAndMalformedEncodedWordsAndAliasedCharsetsDecode() throws IOException {
        InboundMail mail = read("encoded-words-adjacent-and-malformed.eml");
        assertEquals("äö and café au laitÄ", mail.subject());
        assertEquals("가나다", mail.from().name());
        assertEquals("中文正文", mail.text().strip());
    }

    @Test
    void raw8BitHeadersAreReadAsUtf8FirstThenWindows1252() throws IOException {
        InboundMail utf8 = read("raw-8bit-utf8-headers.eml");
        assertEquals("Grüße aus Köln", utf8.subject());
        assertEquals("Jürgen Müller", utf8.from().name());
        InboundMail latin = read("raw-8bit-latin1-headers.eml");
        assertEquals("Grüße", latin.subject());
        assertEquals("Jürgen", latin.from().name());
    }

    @Test
    void multipartWithoutBoundaryParameterIsStillSplit() throws IOException {
        InboundMail mail = read("multipart-without-boundary-parameter.eml");
        assertEquals("the body", mail.text().strip());
        assertEquals("data.bin", mail.attachments().get(0).filename());
    }

    @Test
    void leadingBlankLineAndDuplicateHeadersAreRecordedAsDefects() throws IOException {
        InboundMail mail = read("leading-blank-line-and-duplicate-subject.eml");
        assertEquals("first subject", mail.subject());
        assertEquals("hans@example.com", mail.from().address());
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("blank line")), mail.defects().toString());
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("subject header appears 2 times")),
                mail.defects().toString());
    }

    @Test
    void partOverTheLimitIsReplacedByAPlaceholderAndReported() throws IOException {
        InboundMail mail = new MailReader(new MailReader.Limits(1_000_000, 1000)).read(fixture("oversized-attachment.eml"));
        assertTrue(mail.truncated());
        InboundMail.OversizedPart cut = mail.oversizedParts().get(0);
        assertEquals("big.zip", cut.filename());
        assertEquals(2048, cut.size());
        MailAttachment placeholder = attachment(mail, "big.zip (too large).txt");
        assertTrue(new String(placeholder.content(), StandardCharsets.UTF_8).contains("2048 bytes"));
        assertEquals("tiny", new String(attachment(mail, "small.txt").content(), StandardCharsets.UTF_8).strip());
        assertEquals("small text", mail.text().strip());
    }

    @Test
    void attachmentsBeyondTheMessageBudgetArePlaceholdersToo() throws IOException {
        InboundMail mail = new MailReader(new MailReader.Limits(100, 10_000)).read(fixture("oversized-attachment.eml"));
        assertEquals(List.of("big.zip"), mail.oversizedParts().stream().map(InboundMail.OversizedPart::filename).toList());
        assertEquals("tiny", new String(attachment(mail, "small.txt").content(), StandardCharsets.UTF_8).strip());
    }

    @Test
    void smimeSignatureIsKeptAsAnOpaqueAttachment() throws IOException {
        InboundMail mail = read("smime-signed-keeps-signature-opaque.eml");
        assertEquals("signed text", mail.text().strip());
        assertEquals("application/pkcs7-signature", attachment(mail, "smime.p7s").contentType());
    }

    @Test
    void unknownCharsetIsGuessedAndRecorded() throws IOException {
        InboundMail mail = read("unknown-charset-x-unknown.eml");
        assertEquals("Grüße", mail.text().strip());
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("x-unknown")), mail.defects().toString());
    }

    @Test
    void oneBadByteCostsOneCharacterNotTheBody() throws IOException {
        assertEquals("before \uFFFD after", read("bad-byte-in-declared-utf8.eml").text().strip());
    }

    @Test
    void fileReadingStreamsAndGivesTheSameMail(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Path file = dir.resolve("m.eml");
        Files.write(file, fixture("nested-rfc822-with-attachment.eml"));
        InboundMail fromFile = reader.read(file);
        InboundMail fromBytes = read("nested-rfc822-with-attachment.eml");
        assertEquals(fromBytes.attachments().stream().map(MailAttachment::sha256).toList(),
                fromFile.attachments().stream().map(MailAttachment::sha256).toList());
    }

    @Test
    void bytesThatAreNoMailRaiseMailReadException() {
        assertThrows(MailReadException.class, () -> reader.read(new byte[0]));
        assertThrows(MailReadException.class, () -> reader.read(new byte[]{0, 1, 2, 3, 0, 0}));
    }

    @Test
    void messageFragmentIsKeptAsAttachmentAndRecorded() throws IOException {
        InboundMail mail = read("message-partial-kept-as-attachment.eml");
        assertEquals("message/partial", mail.attachments().get(0).contentType());
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("message/partial")), mail.defects().toString());
    }

    @Test
    void overlongFileNamesAreCutKeepingTheExtension() {
        String name = AttachmentNames.safe("x".repeat(300) + ".pdf");
        assertEquals(AttachmentNames.MAX_LENGTH, name.length());
        assertTrue(name.endsWith(".pdf"));
    }

    // A guard against a hang only, never a measure of speed (that is the benchmark's).
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @Test
    void hostileStructuresAreReadWithoutHangingOrThrowing() {
        List<String> hostile = List.of(
                "From: a@example.com\r\nSubject: " + "=?utf-8?q?abc ".repeat(20_000) + "\r\n\r\nbody\r\n",
                "From: a@example.com\r\nContent-Type: text/html\r\n\r\n" + "<div><ul><li><a href='http://x'>".repeat(5_000),
                "From: a@example.com\r\nContent-Type: message/rfc822\r\n\r\n".repeat(2_000) + "hi",
                multipartNestedDeep(1_000));
        for (String mail : hostile) {
            InboundMail read = reader.read(mail.getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("a@example.com", read.from().address());
        }
    }

    private static String multipartNestedDeep(int depth) {
        StringBuilder b = new StringBuilder("From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
        for (int i = 0; i < depth; i++) {
            b.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i + 1).append("\r\n\r\n");
        }
        return b.append("--b").append(depth).append("\r\nContent-Type: text/plain\r\n\r\nhi\r\n").toString();
    }

    @Test
    void looseDateWithAWrongWeekdayIsStillReadAndRecorded() {
        InboundMail mail = reader.read(("From: a@example.com\r\nDate: Thursday, April 09, 2003 9:00 AM\r\n\r\nx\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("2003-04-09T09:00Z", mail.date().toString());
        assertTrue(mail.defects().stream().anyMatch(d -> d.contains("not RFC 5322")), mail.defects().toString());
    }

    @Test
    void utf7DecoderHandlesShiftedRuns() {
        assertEquals("Hi Mom -☺-!", MailCharsets.decode("Hi Mom -+Jjo--!".getBytes(StandardCharsets.US_ASCII), "UTF-7"));
        assertEquals("日本語", MailCharsets.decode("+ZeVnLIqe-".getBytes(StandardCharsets.US_ASCII), "utf-7"));
    }
}

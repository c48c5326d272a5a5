package dev.mail2case.mail;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {

    private static List<JsonNode> run(List<String> args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InspectCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<JsonNode> out = new ArrayList<>();
        for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) out.add(InspectJson.MAPPER.readTree(line));
        }
        return out;
    }

    @Test
    void eachFileInADirectoryGivesOneJsonLineWithTheDocumentedFields(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/a.eml"), MailReaderTest.fixture("inline-image-with-content-id.eml"));
        Files.write(dir.resolve("b.eml"), MailReaderTest.fixture("html-only-with-list-and-link.eml"));
        List<JsonNode> lines = run(List.of(dir.toString()));
        assertEquals(2, lines.size());
        JsonNode first = lines.get(0);
        assertEquals(Set.of("file", "messageId", "from", "to", "cc", "replyTo", "subject", "date", "contentType", "text",
                "html", "attachments", "kind", "bounce", "caseNumber", "defects"), fieldNames(first));
        assertEquals("anna@example.com", first.get("from").get("address").asText());
        assertEquals("2025-03-03T10:15+01:00", first.get("date").asText());
        assertEquals("message", first.get("kind").asText());
        assertTrue(first.get("bounce").isNull());
        JsonNode attachment = lines.get(1).get("attachments").get(0);
        assertEquals(Set.of("filename", "contentType", "size", "contentId", "inline", "sha256"), fieldNames(attachment));
        assertEquals("logo@example.com", attachment.get("contentId").asText());
        assertEquals(64, attachment.get("sha256").asText().length());
    }

    @Test
    void unreadableFileGivesAnErrorLineAndTheNextFileIsStillRead(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("a-binary.bin");
        Files.write(bad, new byte[]{0, 0, 1, 2});
        Path good = dir.resolve("b-good.eml");
        Files.write(good, MailReaderTest.fixture("cr-only-line-endings.eml"));
        List<JsonNode> lines = run(List.of(bad.toString(), dir.resolve("missing.eml").toString(), good.toString()));
        assertEquals(3, lines.size());
        assertEquals(Set.of("file", "error"), fieldNames(lines.get(0)));
        assertEquals(Set.of("file", "error"), fieldNames(lines.get(1)));
        assertEquals("classic Mac", lines.get(2).get("subject").asText());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

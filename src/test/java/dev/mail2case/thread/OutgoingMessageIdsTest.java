package dev.mail2case.thread;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutgoingMessageIdsTest {

    private final OutgoingMessageIds ids = new OutgoingMessageIds("mail2case.example.org");

    @Test
    void messageIdNamesTheCaseInOurDomain() {
        String id = ids.next(1042);
        assertTrue(id.matches("<case-1042\\.[0-9a-f]{16}@mail2case\\.example\\.org>"), id);
        assertEquals(OptionalLong.of(1042), ids.caseNumberOf(id));
    }

    @Test
    void everyMailGetsItsOwnMessageId() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(ids.next(7)));
        }
    }

    @Test
    void caseIsReadWithoutBracketsAndWithDomainInOtherCase() {
        assertEquals(OptionalLong.of(5), ids.caseNumberOf("case-5.0123456789abcdef@MAIL2CASE.example.org"));
    }

    @Test
    void foreignDomainOrShapeNamesNoCase() {
        assertEquals(OptionalLong.empty(), ids.caseNumberOf("<case-5.0123456789abcdef@evil.example.net>"));
        assertEquals(OptionalLong.empty(), ids.caseNumberOf("<case-5.0123456789abcdef@sub.mail2case.example.org>"));
        assertEquals(OptionalLong.empty(), ids.caseNumberOf("<ticket-5.0123456789abcdef@mail2case.example.org>"));
        assertEquals(OptionalLong.empty(), ids.caseNumberOf("<case-5@mail2case.example.org>"));
        assertEquals(OptionalLong.empty(), ids.caseNumberOf("<case-99999999999999999999.0123456789abcdef@mail2case.example.org>"));
        assertEquals(OptionalLong.empty(), ids.caseNumberOf(null));
    }

    @Test
    void badDomainIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OutgoingMessageIds("not a domain"));
    }
}

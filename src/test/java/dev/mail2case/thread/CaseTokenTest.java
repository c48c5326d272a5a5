package dev.mail2case.thread;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CaseTokenTest {
    private final CaseToken token = new CaseToken("[#{n}]");

    @Test
    void tokenIsFoundThroughAnyChainOfReplyAndForwardPrefixes() {
        assertEquals(OptionalLong.of(235), token.find("RE: Sprawa [#235] została przyjęta do realizacji"));
        assertEquals(OptionalLong.of(1042), token.find("AW: WG: Odp: Réf : TR: Fwd: [#1042] Printer"));
        assertEquals(OptionalLong.of(7), token.find("AW[2]: SV: RV: Antw: [#7]"));
    }

    @Test
    void tokensOfOtherSystemsAreNotOurs() {
        assertEquals(OptionalLong.empty(), token.find("Re: [Ticket#1001] Printer"));
        assertEquals(OptionalLong.empty(), token.find("[JIRA] PROJ-12 updated"));
        assertEquals(OptionalLong.empty(), token.find("Invoice #1001"));
    }

    @Test
    void firstOfTwoTokensWinsAndOversizedNumbersAreNoToken() {
        assertEquals(OptionalLong.of(12), token.find("[#12] merged into [#13]"));
        assertEquals(OptionalLong.empty(), token.find("[#1234567890123456789012] overflow"));
    }

    @Test
    void subjectCarriesTheTokenOnceAndOtherFormatsWork() {
        assertEquals("[#5] Printer", token.subjectFor(5, "Printer"));
        assertEquals("Re: [#5] Printer", token.subjectFor(5, "Re: [#5] Printer"));
        CaseToken other = new CaseToken("CASE-{n}:");
        assertEquals(OptionalLong.of(88), other.find("Re: case-88: broken"));
        assertEquals(OptionalLong.empty(), other.find("SHOWCASE-88: no"));
    }
}

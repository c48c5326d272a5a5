package dev.mail2case.thread;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CaseNumberFormatTest {

    private final CaseNumberFormat format = new CaseNumberFormat();

    @Test
    void defaultTokenIsHashInBrackets() {
        assertEquals("[#1042]", format.token(1042));
    }

    @Test
    void customPatternWithPaddingRendersAndParses() {
        CaseNumberFormat f = new CaseNumberFormat("[CASE-{n:6}]");
        assertEquals("[CASE-001042]", f.token(1042));
        assertEquals(OptionalLong.of(1042), f.find("Re: [CASE-001042] printer"));
        assertEquals(OptionalLong.of(1042), f.find("Re: [case-1042] printer"));
    }

    @Test
    void prefixOnlyPatternNeedsNoSuffix() {
        CaseNumberFormat f = new CaseNumberFormat("Case #{n}");
        assertEquals(OptionalLong.of(77), f.find("Re: Case #77 is open"));
        assertEquals(OptionalLong.empty(), f.find("Re: Showcase #77 is open"));
    }

    @Test
    void patternWithoutLiteralsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CaseNumberFormat("{n}"));
        assertThrows(IllegalArgumentException.class, () -> new CaseNumberFormat("[#]"));
    }

    @Test
    void seedReplyJoinsCaseFromPolishSubject() {
        assertEquals(OptionalLong.of(235), format.find("RE: Sprawa [#235] została przyjęta do realizacji"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Re: [#1042] Printer", "RE: RE: Fwd: [#1042] Printer", "AW: Odp: [#1042] Printer", "AW[2]: [#1042] Printer",
            "Re^3: [#1042] Printer", "SV: VS: VB: [#1042] Printer", "Réf. : RÉF: TR: [#1042] Printer",
            "WG: Antwort: Antw: [#1042] Printer", "FW: Fw: RV: R: Rif: [#1042] Printer", "ΑΠ: 回复: 转发: [#1042] Printer",
            "[EXTERNAL] RE: [#1042] Printer", "Printer broken [#1042]", "Sprawa nr [#1042] przyjęta"})
    void tokenIsFoundThroughNestedPrefixesOfAllLanguages(String subject) {
        assertEquals(OptionalLong.of(1042), format.find(subject));
    }

    @Test
    void tokenIsFoundThroughNestedGermanAndPolishPrefixes() {
        assertEquals(OptionalLong.of(88), format.find("AW: Odp: Aw[2]: ODP: [#88] Faktura"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[Ticket#123] Printer", "Re: [JIRA] Printer", "[PROJ-12] Printer", "Re: #123 Printer",
            "Order 123", "[# 123]", "[#12a]", "[#]", ""})
    void foreignTicketTokenIsNotOurs(String subject) {
        assertEquals(OptionalLong.empty(), format.find(subject));
    }

    @Test
    void firstOfTwoTokensWins() {
        assertEquals(OptionalLong.of(7), format.find("Re: [#7] merged into [#9]"));
    }

    @Test
    void hugeNumberIsNoCaseNumber() {
        assertEquals(OptionalLong.empty(), format.find("Re: [#99999999999999999999999] overflow"));
        assertEquals(OptionalLong.of(5), format.find("Re: [#99999999999999999999999] and [#5]"));
    }

    @Test
    void tokenIsAddedOnceNeverTwice() {
        String first = format.subjectFor(1042, "Printer broken");
        assertEquals("[#1042] Printer broken", first);
        assertEquals(first, format.subjectFor(1042, first));
        assertEquals("RE: [#1042] Printer broken", format.subjectFor(1042, "RE: [#1042] Printer broken"));
    }

    @Test
    void tokenOfAnotherCaseIsReplaced() {
        assertEquals("[#1042] Printer broken", format.subjectFor(1042, "[#17] Printer broken"));
    }

    @Test
    void emptySubjectBecomesTheToken() {
        assertEquals("[#1042]", format.subjectFor(1042, null));
    }
}

package dev.mail2case.thread;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SubjectPrefixesTest {

    @ParameterizedTest
    @ValueSource(strings = {"Re: Printer", "RE: RE: Fwd: Printer", "Aw: AW: Printer", "SV: Printer", "Odp: Printer",
            "Réf: Printer", "Réf. : Printer", "RÉF : Printer", "TR: Printer", "WG: Printer", "FW: Fw: Printer", "RV: Printer",
            "Antw: Printer", "Antwort: Printer", "VS: VB: Printer", "R: Rif: Printer", "ΑΠ: Printer", "回复: Printer",
            "转发：Printer", "AW[2]: Printer", "Re^3: Printer", "Re(2): Printer", "[EXTERNAL] RE: Printer",
            "  re:re:Printer"})
    void replyAndForwardPrefixesOfAllLanguagesAreStripped(String subject) {
        assertEquals("Printer", SubjectPrefixes.strip(subject));
    }

    @Test
    void ourTokenAndForeignTokensStay() {
        assertEquals("[#1042] Printer", SubjectPrefixes.strip("Re: [#1042] Printer"));
        assertEquals("[Ticket#55] Printer", SubjectPrefixes.strip("AW: [Ticket#55] Printer"));
    }

    @Test
    void wordsThatStartLikePrefixesStay() {
        assertEquals("Reminder: meeting", SubjectPrefixes.strip("Reminder: meeting"));
        assertEquals("Antwortzeiten", SubjectPrefixes.strip("Antwortzeiten"));
    }

    @Test
    void subjectsCompareWithoutPrefixes() {
        assertTrue(SubjectPrefixes.sameSubject("AW: Re: printer  broken", "Printer broken"));
    }
}

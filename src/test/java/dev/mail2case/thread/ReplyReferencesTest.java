package dev.mail2case.thread;

import dev.mail2case.mail.InboundMail;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyReferencesTest {

    private static InboundMail mail(String inReplyTo, List<String> references) {
        return new InboundMail("x@y", null, List.of(), List.of(), List.of(), "s", null, Map.of(), "text/plain", "",
                null, List.of(), inReplyTo, references, List.of());
    }

    @Test
    void inReplyToComesFirstThenReferencesNewestFirst() {
        InboundMail m = mail("c@ex.org", List.of("a@ex.org", "b@ex.org", "c@ex.org"));
        assertEquals(List.of("c@ex.org", "b@ex.org", "a@ex.org"), ReplyReferences.candidates(m));
    }

    @Test
    void bracketsAndSpacesAreRemovedAndDuplicatesDropped() {
        InboundMail m = mail(" <Abc@EX.org> ", List.of("<abc@ex.org>", "<Abc@ex.ORG>", " ", "<>"));
        assertEquals(List.of("Abc@EX.org", "abc@ex.org"), ReplyReferences.candidates(m));
    }

    @Test
    void domainComparesCaseInsensitivelyLocalPartDoesNot() {
        assertTrue(ReplyReferences.same("<Abc@EX.org>", "Abc@ex.org"));
        assertFalse(ReplyReferences.same("Abc@ex.org", "abc@ex.org"));
    }

    @Test
    void noReferencesGiveNoCandidates() {
        assertEquals(List.of(), ReplyReferences.candidates(mail(null, List.of())));
    }
}

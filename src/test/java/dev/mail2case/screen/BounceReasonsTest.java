package dev.mail2case.screen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BounceReasonsTest {

    private final BounceReasons reasons = new BounceReasons(Rules.ALL);

    @Test
    void replyCodesThatRefuseAllMailAreNotAcceptWhateverTheWords() {
        assertEquals("notaccept", reasons.decide("521 mx.example.net closing transmission channel", null, ""));
        assertEquals("notaccept", reasons.decide("556 5.1.10 example.net: go elsewhere", null, ""));
    }

    @Test
    void statusForASystemNotAcceptingMailIsNotAccept() {
        assertEquals("notaccept", reasons.decide("550 sorry", "5.3.2", ""));
    }

    @Test
    void tooManyConnectionsIsNotABlock() {
        assertEquals("toomanyconn", reasons.decide("421 4.7.0 Too many connections from your IP, you are blocked for now", "4.7.0", ""));
        assertEquals("toomanyconn", reasons.decide("421 Maximum number of connections reached for 192.0.2.1; blocked, try later", "4.7.0", ""));
    }

    @Test
    void aFamilysOwnPhraseCanBeSwitchedOffAndIsReportedWhenItDecides() {
        List<String> decided = new ArrayList<>();
        BounceReasons tracing = new BounceReasons(new Rules(id -> true, decided::add));
        // with no SMTP stage named, an unknown user reads as the recipient's filter (sisimai's convention)
        assertEquals("filtered", tracing.decide("User a.b not listed in Domino Directory", null, ""));
        assertTrue(decided.stream().anyMatch(id -> Rules.writtenFor(id, "lhost-domino")), decided.toString());
        BounceReasons without = new BounceReasons(new Rules(id -> !Rules.writtenFor(id, "lhost-domino"), id -> { }));
        assertEquals("onhold", without.decide("User a.b not listed in Domino Directory", null, ""));
    }

    @Test
    void aSyntaxReplyWithoutBetterWordsIsASyntaxError() {
        assertEquals("syntaxerror", reasons.decide("504 Command parameter xyz unsupported", "5.0.0", ""));
    }

    @Test
    void securityAndContentClassesDecideWhenNothingElseDoes() {
        assertEquals("securityerror", reasons.decide("550 5.7.54 no", "5.7.54", ""));
        assertEquals("contenterror", reasons.decide("550 5.6.11 no", "5.6.11", ""));
    }
}

package dev.mail2case.identify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SrsTest {

    @Test
    void srs0RevealsTheOriginalSender() {
        assertEquals(Optional.of("alice@example.com"), Srs.originalSender("SRS0=HHH=TT=example.com=alice@forwarder.net"));
        assertEquals(Optional.of("forwarder.net"), Srs.firstForwarderDomain("SRS0=HHH=TT=example.com=alice@forwarder.net"));
    }

    @Test
    void srs1RevealsTheOriginalSenderAndTheFirstForwarder() {
        String srs1 = "SRS1=HHH=forwarder.net==HHH=TT=example.com=alice@other.net";
        assertEquals(Optional.of("alice@example.com"), Srs.originalSender(srs1));
        assertEquals(Optional.of("forwarder.net"), Srs.firstForwarderDomain(srs1));
    }

    @Test
    void bracketsCaseAndOtherSeparatorsAreAccepted() {
        assertEquals(Optional.of("alice@example.com"), Srs.originalSender("<srs0=HHH=TT=example.com=alice@forwarder.net>"));
        assertEquals(Optional.of("alice@example.com"), Srs.originalSender("SRS0+HHH=TT=example.com=alice@forwarder.net"));
        assertEquals(Optional.of("alice@example.com"), Srs.originalSender("SRS0-HHH=TT=example.com=alice@forwarder.net"));
    }

    @Test
    void localPartWithEqualsSignSurvives() {
        assertEquals(Optional.of("a=b@example.com"), Srs.originalSender("SRS0=HHH=TT=example.com=a=b@forwarder.net"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"alice@example.com", "<>", "SRS0@forwarder.net", "SRS0=HHH=TT@forwarder.net",
            "SRS0=HHH=TT=example.com=@forwarder.net", "SRS1=HHH=forwarder.net=HHH=TT=example.com=alice@other.net",
            "SRS2=HHH=TT=example.com=alice@forwarder.net", "user+caf_=tickets=mail2case.example@gmail.com"})
    void otherAddressesAreNotSrs(String address) {
        assertEquals(Optional.empty(), Srs.originalSender(address));
    }
}

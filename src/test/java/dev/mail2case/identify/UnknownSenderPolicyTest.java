package dev.mail2case.identify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownSenderPolicyTest {

    @Test
    void configValuesParseCaseInsensitively() {
        assertEquals(UnknownSenderPolicy.REJECT, UnknownSenderPolicy.parse("reject"));
        assertEquals(UnknownSenderPolicy.REJECT, UnknownSenderPolicy.parse("REJECT"));
        assertEquals(UnknownSenderPolicy.ACCEPT_UNREGISTERED, UnknownSenderPolicy.parse("accept-unregistered"));
        assertEquals(UnknownSenderPolicy.ACCEPT_UNREGISTERED, UnknownSenderPolicy.parse(" Accept-Unregistered "));
        assertEquals(UnknownSenderPolicy.ACCEPT_UNREGISTERED, UnknownSenderPolicy.parse("ACCEPT_UNREGISTERED"));
        assertEquals(UnknownSenderPolicy.IGNORE, UnknownSenderPolicy.parse("Ignore"));
    }

    @Test
    void everyPolicyParsesFromItsOwnConfigValue() {
        for (UnknownSenderPolicy p : UnknownSenderPolicy.values()) {
            assertEquals(p, UnknownSenderPolicy.parse(p.configValue()));
        }
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"accept", "drop", "unregistered", "reject-all"})
    void unknownValueIsRefusedNamingTheValidValues(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnknownSenderPolicy.parse(value));
        assertTrue(e.getMessage().contains("reject, accept-unregistered, ignore"), e.getMessage());
    }
}

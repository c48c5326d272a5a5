package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressKeyTest {

    private static String key(String raw) {
        return AddressKey.of(raw).map(AddressKey::value).orElse(null);
    }

    @Test
    void plusAddressMatchesBaseAddress() {
        assertEquals(AddressKey.of("anna@x.com"), AddressKey.of("anna+support@x.com"));
    }

    @Test
    void addressIsTrimmedAndCaseInsensitive() {
        assertEquals("anna@example.com", key("  Anna@EXAMPLE.com \t"));
        assertEquals(AddressKey.of("ANNA@Example.COM"), AddressKey.of("anna@example.com"));
    }

    @Test
    void angleBracketsDisplayNameAndMailtoAreStripped() {
        assertEquals("anna@x.com", key("<anna@x.com>"));
        assertEquals("anna@x.com", key("Anna Example <anna@x.com>"));
        assertEquals("anna@x.com", key("mailto:anna@x.com"));
        assertEquals("anna@x.com", key("MAILTO:Anna@x.com?subject=Hello"));
        assertEquals("anna@x.com", key("<mailto:anna@x.com>"));
    }

    @Test
    void separatorIsConfigurable() {
        assertEquals("anna@x.com", AddressKey.of("anna-support@x.com", "-").orElseThrow().value());
        assertEquals("anna+support@x.com", AddressKey.of("anna+support@x.com", "-").orElseThrow().value());
        assertEquals("anna+support@x.com", AddressKey.of("anna+support@x.com", "").orElseThrow().value());
        assertEquals("anna+support@x.com", AddressKey.of("anna+support@x.com", null).orElseThrow().value());
    }

    @Test
    void localPartStartingWithSeparatorIsKeptWhole() {
        assertEquals("+team@x.com", key("+team@x.com"));
        assertEquals("-team@x.com", AddressKey.of("-team@x.com", "-").orElseThrow().value());
    }

    @Test
    void onlyTheFirstSeparatorStartsTheSubAddress() {
        assertEquals("anna@x.com", key("anna+a+b@x.com"));
    }

    @Test
    void internationalDomainMatchesItsAsciiForm() {
        assertEquals("hans@xn--mller-kva.de", key("Hans@MÜLLER.de"));
        assertEquals(AddressKey.of("hans@müller.de"), AddressKey.of("hans@xn--mller-kva.de"));
    }

    @Test
    void trailingDotOfTheDomainIsIgnored() {
        assertEquals("anna@x.com", key("anna@x.com."));
    }

    @Test
    void domainIsAvailableForDomainMatching() {
        AddressKey k = AddressKey.of("Anna+Support@Sub.Example.COM").orElseThrow();
        assertEquals("sub.example.com", k.domain());
        assertEquals("anna", k.local());
        assertTrue(k.inDomain("SUB.example.com"));
        assertFalse(k.inDomain("example.com"));
        assertTrue(AddressKey.of("hans@müller.de").orElseThrow().inDomain("MÜLLER.DE"));
    }

    @Test
    void parsedMailAddressGivesTheSameKey() {
        assertEquals(AddressKey.of("anna@x.com"), AddressKey.of(new MailAddress("Anna+x@X.com", "Anna")));
        assertEquals(Optional.empty(), AddressKey.of((MailAddress) null));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "anna", "anna@", "@x.com", "anna@@x.com", "an na@x.com", "anna@x..com",
            "anna@.x.com", "<anna@x.com", ".anna@x.com", "anna.@x.com", "anna@exa mple.com", "anna@x_y.com",
            "mailto:", "<>", "undisclosed-recipients:;"})
    void garbageGivesNoKey(String raw) {
        assertEquals(Optional.empty(), AddressKey.of(raw));
    }
}

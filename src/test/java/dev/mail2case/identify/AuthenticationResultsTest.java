package dev.mail2case.identify;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticationResultsTest {

    @Test
    void gmailsFoldedHeaderWithCommentsGivesEachMethodItsResultAndProperties() {
        AuthenticationResults ar = AuthenticationResults.parse("""
                mx.google.com;
                       dkim=pass header.i=@example.com header.s=20230601 header.b=Ab1+Cd2/;
                       spf=pass (google.com: domain of anna@example.com designates 209.85.220.41 as permitted sender) smtp.mailfrom=anna@example.com;
                       dmarc=pass (p=REJECT sp=REJECT dis=NONE) header.from=example.com""");
        assertEquals("mx.google.com", ar.authservId());
        assertEquals(3, ar.results().size());
        assertEquals("@example.com", ar.of("dkim").get(0).property("header.i"));
        assertEquals("pass", ar.of("spf").get(0).result());
        assertEquals("anna@example.com", ar.of("spf").get(0).property("smtp.mailfrom"));
        assertEquals("example.com", ar.of("dmarc").get(0).property("header.from"));
    }

    @Test
    void microsoft365HeaderWithoutAnAuthservIdStillGivesItsResults() {
        AuthenticationResults ar = AuthenticationResults.parse("spf=pass (sender IP is 40.107.22.101)"
                + " smtp.mailfrom=contoso.com; dkim=pass (signature was verified) header.d=contoso.com;dmarc=fail"
                + " action=oreject header.from=contoso.com;compauth=fail reason=000");
        assertNull(ar.authservId(), "Microsoft 365 names no authserv-id");
        assertEquals("fail", ar.of("dmarc").get(0).result());
        assertEquals("oreject", ar.of("dmarc").get(0).property("action"));
        assertEquals("000", ar.of("compauth").get(0).reason());
        assertEquals("contoso.com", ar.of("dkim").get(0).property("header.d"));
    }

    @Test
    void openDkimAndOpenDmarcHeadersWithAVersionAndNestedCommentsAreRead() {
        AuthenticationResults dkim = AuthenticationResults.parse("mx.our.example 1; dkim=pass (2048-bit key;"
                + " unprotected (no DNSSEC)) header.d=example.org header.i=@example.org header.a=rsa-sha256"
                + " header.s=mail header.b=QxY7pL2k");
        assertEquals("mx.our.example", dkim.authservId());
        assertEquals(1, dkim.results().size(), "the ';' inside the comment splits nothing");
        assertEquals("example.org", dkim.of("dkim").get(0).property("header.d"));
        AuthenticationResults dmarc = AuthenticationResults.parse(
                "MX.Our.Example; dmarc=fail (p=reject dis=none) header.from=example.org");
        assertEquals("mx.our.example", dmarc.authservId(), "the authserv-id compares without case");
        assertEquals("fail", dmarc.of("dmarc").get(0).result());
    }

    @Test
    void noneQuotedStringsMethodVersionsAndReasonsAreUnderstood() {
        assertTrue(AuthenticationResults.parse("mx.our.example; none").results().isEmpty());
        AuthenticationResults ar = AuthenticationResults.parse("\"mx.our.example\"; dkim/1=FAIL"
                + " reason=\"signature verification failed; body changed\" header.d=example.net;"
                + " spf=softfail smtp.mailfrom=\"odd;local\"@example.net");
        assertEquals("mx.our.example", ar.authservId());
        assertEquals("fail", ar.of("dkim").get(0).result(), "a method's version is dropped, its result lower-cased");
        assertEquals("signature verification failed; body changed", ar.of("dkim").get(0).reason());
        assertEquals("softfail", ar.of("spf").get(0).result());
    }

    @Test
    void garbageGivesNoResultsAndNoError() {
        assertTrue(AuthenticationResults.parse("").results().isEmpty());
        assertTrue(AuthenticationResults.parse(";;; ((( \"").results().isEmpty());
        assertTrue(AuthenticationResults.parse(null).results().isEmpty());
    }
}

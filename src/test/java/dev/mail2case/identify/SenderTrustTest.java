package dev.mail2case.identify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SenderTrustTest {
    private static final Set<String> OURS = Set.of("mx.our.example");

    private static SenderTrust.Verdict verdict(String headers, String fromDomain) {
        return SenderTrust.verdict(SenderTrust.headerBlock((headers + "\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1)),
                OURS, fromDomain);
    }

    @Test
    void dmarcFailFromOurServerFails() {
        var v = verdict("""
                Authentication-Results: mx.our.example; dmarc=fail (p=reject dis=none) header.from=bank.example
                Authentication-Results: mx.our.example; dkim=none; spf=pass smtp.mailfrom=forger.example
                Received: from forger.example (forger.example [192.0.2.9]) by mx.our.example (Postfix)
                From: Bank <help@bank.example>
                """, "bank.example");
        assertEquals("fail", v.result());
        assertTrue(v.why().contains("dmarc=fail"), v.why());
    }

    @Test
    void spfSoftfailWithoutAnAlignedDkimPassFails() {
        var v = verdict("""
                Received: from relay.example by mx.our.example (Postfix) with ESMTPS id 4Xy
                Authentication-Results: mx.our.example;
                \tspf=softfail (domain owner discourages use of this host) smtp.mailfrom=client.example;
                \tdkim=pass header.d=bulkmailer.example
                Received: from sender by relay.example
                """, "client.example");
        assertEquals("fail", v.result());
        assertTrue(v.why().contains("spf=softfail") && v.why().contains("dkim=pass"), v.why());
    }

    @Test
    void spfFailButADkimPassOfTheFromDomainPasses() {
        var v = verdict("""
                Authentication-Results: mx.our.example; spf=fail smtp.mailfrom=client.example;
                 dkim=fail header.d=client.example; dkim=pass header.d=mail.client.example
                Received: from forwarder.example by mx.our.example
                """, "client.example");
        assertEquals("pass", v.result(), v.why());
    }

    @Test
    void dkimFailAndSpfFailFailsEvenWithoutDmarc() {
        var v = verdict("""
                Authentication-Results: mx.our.example; spf=fail smtp.mailfrom=client.example; dkim=fail header.d=client.example
                """, "client.example");
        assertEquals("fail", v.result());
    }

    @Test
    void dmarcPassPasses() {
        assertEquals("pass", verdict("""
                Authentication-Results: mx.our.example; dmarc=pass header.from=client.example
                """, "client.example").result());
    }

    @Test
    void neutralSpfAndNoSignatureGiveNoVerdict() {
        var v = verdict("""
                Authentication-Results: mx.our.example; spf=neutral smtp.mailfrom=client.example; dkim=none
                """, "client.example");
        assertEquals("none", v.result());
        assertTrue(v.why().contains("spf=neutral"), v.why());
    }

    @Test
    void headersFromAnotherServerAreIgnored() {
        var v = verdict("""
                Authentication-Results: mx.google.com; dmarc=fail header.from=client.example
                Authentication-Results: spf=fail smtp.mailfrom=client.example;dmarc=fail header.from=client.example
                """, "client.example");
        assertEquals("none", v.result(), "neither Gmail's nor a header without authserv-id is ours");
        assertTrue(v.why().contains("no Authentication-Results header from mx.our.example"), v.why());
    }

    @Test
    void aPassWrittenBelowTheReceivedLineOfTheHopIntoOurServerIsNotOurs() {
        var v = verdict("""
                Authentication-Results: mx.our.example; spf=fail smtp.mailfrom=bank.example; dkim=none
                Received: from forger.example by mx.our.example (Postfix)
                Authentication-Results: mx.our.example; dmarc=pass header.from=bank.example; dkim=pass header.d=bank.example
                From: help@bank.example
                """, "bank.example");
        assertEquals("fail", v.result(), v.why());
    }

    @Test
    void aPassBesideOurFailureNeverOutweighsIt() {
        var v = verdict("""
                Received: from forger.example by mx.our.example (Postfix)
                Authentication-Results: mx.our.example; dmarc=fail header.from=bank.example
                Authentication-Results: mx.our.example; dmarc=pass header.from=bank.example
                """, "bank.example");
        assertEquals("fail", v.result());
    }

    @Test
    void gmailShapedBlockBelowItsOwnReceivedLinesIsFound() {
        var v = SenderTrust.verdict(SenderTrust.headerBlock(("""
                Delivered-To: desk@our.example
                Received: by 2002:a05:6a10:a0d1:b0:4a1:2c3 with SMTP id x17csp11;
                        Mon, 30 Nov 2026 04:05:06 -0800 (PST)
                ARC-Authentication-Results: i=1; mx.google.com; dmarc=pass header.from=client.example
                Return-Path: <anna@client.example>
                Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41])
                        by mx.google.com with SMTPS id a1sor;
                Received-SPF: pass (google.com: domain of anna@client.example designates 209.85.220.41 as permitted sender) client-ip=209.85.220.41;
                Authentication-Results: mx.google.com;
                       dkim=pass header.i=@client.example header.s=20230601 header.b=Zx9;
                       spf=pass (google.com: domain of anna@client.example designates 209.85.220.41 as permitted sender) smtp.mailfrom=anna@client.example;
                       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=client.example
                Received: by mail-sor-f41.google.com with SMTP id 5b1f17b1804b1-43;
                Authentication-Results: mx.google.com; dmarc=fail header.from=client.example
                From: Anna <anna@client.example>

                """).replace("\n", "\r\n").getBytes(StandardCharsets.ISO_8859_1)), Set.of("mx.google.com"), "client.example");
        assertEquals("pass", v.result(), v.why());
    }

    @Test
    void oldGmailSmtpMailPropertyAlignsSpf() {
        assertEquals("pass", SenderTrust.verdict(SenderTrust.headerBlock(
                ("Authentication-Results: mx.google.com; spf=pass (google.com: domain of alex@example.net designates"
                        + " 173.193.210.44 as permitted sender) smtp.mail=alex@example.net\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)), Set.of("mx.google.com"), "example.net").result());
    }

    @Test
    void aHeaderQuotedInTheBodyIsNoHeader() {
        byte[] raw = ("From: anna@client.example\r\nSubject: see below\r\n\r\n"
                + "Authentication-Results: mx.our.example; dmarc=fail header.from=client.example\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("none", SenderTrust.verdict(SenderTrust.headerBlock(raw), OURS, "client.example").result());
        assertEquals(2, SenderTrust.headerBlock(raw).size());
    }

    @Test
    void relaxedAlignmentTakesSubdomainsEitherWayButNotLookalikes() {
        assertTrue(SenderTrust.aligned("mail.client.example", "client.example"));
        assertTrue(SenderTrust.aligned("client.example", "eu.client.example"));
        assertTrue(!SenderTrust.aligned("evilclient.example", "client.example"));
    }
}

package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Header look-ups from the read mail, falling back to the raw header block. */
final class Headers {

    private static final Pattern SUBJECT = Pattern.compile("^Subject[ \\t]*:[ \\t]*(.*(?:\\n[ \\t].*)*)",
            Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);
    private static final Pattern FOLD = Pattern.compile("\\n[ \\t]+");
    /** Header name to its pattern, compiled once per name rather than once per look-up. */
    private static final java.util.Map<String, Pattern> NAMED = new java.util.concurrent.ConcurrentHashMap<>();

    private final InboundMail mail;
    private final String block;

    Headers(InboundMail mail, String block) {
        this.mail = mail;
        this.block = block == null ? "" : block;
    }

    String get(String name) {
        if (mail != null) {
            String v = mail.header(name);
            if (v != null) return v;
        }
        Matcher m = NAMED.computeIfAbsent(name, n -> Pattern.compile("^" + Pattern.quote(n) + "[ \\t]*:[ \\t]*(.*(?:\\n[ \\t].*)*)",
                Pattern.CASE_INSENSITIVE | Pattern.MULTILINE)).matcher(block);
        if (!m.find()) return null;
        String v = FOLD.matcher(m.group(1)).replaceAll(" ").trim();
        try {
            return MimeUtility.decodeText(v);
        } catch (Exception e) {
            return v;
        }
    }

    String subject() {
        String own = rawSubject();
        if (own != null && !own.isBlank()) return own;
        if (mail != null && mail.subject() != null && !mail.subject().isEmpty()) return mail.subject();
        return "";
    }

    /** Subject straight from the bytes: undeclared 8-bit subjects are nearly always UTF-8. */
    private String rawSubject() {
        Matcher m = SUBJECT.matcher(block);
        if (!m.find()) return null;
        String v = FOLD.matcher(m.group(1)).replaceAll(" ").trim();
        byte[] bytes = v.getBytes(StandardCharsets.ISO_8859_1);
        try {
            v = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // not UTF-8: keep the bytes as Latin-1
        }
        try {
            return MimeUtility.decodeText(v);
        } catch (Exception e) {
            return v;
        }
    }

    MailAddress from() {
        if (mail != null && mail.from() != null) return mail.from();
        String f = get("From");
        if (f == null) return null;
        try {
            InternetAddress[] a = InternetAddress.parseHeader(f, false);
            if (a.length > 0) return new MailAddress(a[0].getAddress(), a[0].getPersonal());
        } catch (Exception e) {
            // unparsable From
        }
        return new MailAddress(f.replaceAll(".*<([^>]*)>.*", "$1"), f);
    }
}

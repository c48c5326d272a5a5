package dev.mail2case.intake;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import dev.mail2case.mail.MailAttachment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text PostgreSQL accepts: it refuses the NUL character in any text value, which decoded mail may hold
 * (a NUL in a header, a body in UTF-16 read as something else). Such characters are removed from what
 * the pipeline stores and sends; the raw mail keeps its bytes, and the mail lists the removal as a defect.
 * Attachment names also lose text-direction controls, which would show {@code x<RLO>gnp.exe} as xexe.png.
 */
final class StorableText {
    private StorableText() {
    }

    /** Text-direction controls: in a file name they disguise its type ({@code x<RLO>gnp.exe} shows as xexe.png). */
    private static final java.util.regex.Pattern DIRECTION_CONTROLS =
            java.util.regex.Pattern.compile("[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]");

    static InboundMail of(InboundMail mail) {
        List<String> disguised = mail.attachments().stream().map(MailAttachment::originalFilename)
                .filter(n -> n != null && DIRECTION_CONTROLS.matcher(n).find()).toList();
        if (!holdsRefused(mail) && disguised.isEmpty() && mail.attachments().stream()
                .noneMatch(a -> a.filename() != null && DIRECTION_CONTROLS.matcher(a.filename()).find())) {
            return mail;
        }
        List<String> defects = new ArrayList<>(mail.defects());
        if (holdsRefused(mail)) {
            defects.add("Text held NUL characters, which were removed (the raw mail keeps them)");
        }
        for (String name : disguised) {
            defects.add("The attachment name \"" + clean(DIRECTION_CONTROLS.matcher(name).replaceAll(""))
                    + "\" held text-direction controls, which were removed (they can disguise a file's type)");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        mail.headers().forEach((k, v) -> headers.put(clean(k), v.stream().map(StorableText::clean).toList()));
        return new InboundMail(clean(mail.messageId()), clean(mail.from()), clean(mail.to()), clean(mail.cc()),
                clean(mail.replyTo()), clean(mail.subject()), mail.date(), headers, clean(mail.contentType()),
                clean(mail.text()), clean(mail.html()), mail.attachments().stream().map(StorableText::clean).toList(),
                clean(mail.inReplyTo()), mail.references().stream().map(StorableText::clean).toList(),
                defects.stream().map(StorableText::clean).toList(), mail.oversizedParts().stream()
                .map(p -> new InboundMail.OversizedPart(clean(p.filename()), clean(p.contentType()), p.size(), p.limit()))
                .toList(), mail.report());
    }

    static String clean(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace("\0", "");
    }

    private static boolean refused(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    private static boolean refused(MailAddress a) {
        return a != null && (refused(a.address()) || refused(a.name()));
    }

    private static boolean holdsRefused(InboundMail m) {
        return refused(m.messageId()) || refused(m.subject()) || refused(m.text()) || refused(m.html())
                || refused(m.inReplyTo()) || refused(m.contentType()) || refused(m.from())
                || m.to().stream().anyMatch(StorableText::refused) || m.cc().stream().anyMatch(StorableText::refused)
                || m.replyTo().stream().anyMatch(StorableText::refused)
                || m.references().stream().anyMatch(StorableText::refused)
                || m.defects().stream().anyMatch(StorableText::refused)
                || m.headers().entrySet().stream().anyMatch(e -> refused(e.getKey())
                        || e.getValue().stream().anyMatch(StorableText::refused))
                || m.attachments().stream().anyMatch(a -> refused(a.filename()) || refused(a.originalFilename())
                        || refused(a.contentType()) || refused(a.contentId()))
                || m.oversizedParts().stream().anyMatch(p -> refused(p.filename()) || refused(p.contentType()));
    }

    private static MailAddress clean(MailAddress a) {
        return a == null ? null : new MailAddress(clean(a.address()), clean(a.name()));
    }

    private static List<MailAddress> clean(List<MailAddress> list) {
        return list.stream().map(StorableText::clean).toList();
    }

    private static MailAttachment clean(MailAttachment a) {
        return new MailAttachment(name(a.filename()), name(a.originalFilename()), clean(a.contentType()),
                clean(a.contentId()), a.inline(), a.content());
    }

    private static String name(String s) {
        return s == null ? null : DIRECTION_CONTROLS.matcher(clean(s)).replaceAll("");
    }
}

package dev.mail2case.mail;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Attachment names within one mail: storage-safe unique ones, and the names as sent for showing. */
final class AttachmentNames {

    static final int MAX_LENGTH = 200;

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/png", "png"), Map.entry("image/jpeg", "jpg"), Map.entry("image/jpg", "jpg"),
            Map.entry("image/gif", "gif"), Map.entry("image/bmp", "bmp"), Map.entry("image/tiff", "tif"),
            Map.entry("image/svg+xml", "svg"), Map.entry("image/webp", "webp"), Map.entry("application/pdf", "pdf"),
            Map.entry("application/zip", "zip"), Map.entry("text/plain", "txt"), Map.entry("text/html", "html"),
            Map.entry("text/calendar", "ics"), Map.entry("text/csv", "csv"), Map.entry("text/xml", "xml"),
            Map.entry("application/xml", "xml"), Map.entry("message/rfc822", "eml"),
            Map.entry("message/delivery-status", "txt"), Map.entry("message/disposition-notification", "txt"),
            Map.entry("text/rfc822-headers", "txt"), Map.entry("message/partial", "eml"),
            Map.entry("application/pkcs7-signature", "p7s"), Map.entry("application/x-pkcs7-signature", "p7s"),
            Map.entry("application/pkcs7-mime", "p7m"), Map.entry("application/x-pkcs7-mime", "p7m"),
            Map.entry("application/pgp-signature", "asc"), Map.entry("application/pgp-encrypted", "pgp"),
            Map.entry("application/pgp-keys", "asc"), Map.entry("application/ms-tnef", "dat"),
            Map.entry("application/msword", "doc"), Map.entry("application/vnd.ms-excel", "xls"),
            Map.entry("audio/mpeg", "mp3"), Map.entry("video/mp4", "mp4"), Map.entry("application/json", "json"),
            Map.entry("application/rtf", "rtf"), Map.entry("text/rtf", "rtf"),
            Map.entry("video/quicktime", "mov"), Map.entry("image/pjpeg", "jpg"), Map.entry("audio/wav", "wav"),
            Map.entry("audio/x-wav", "wav"), Map.entry("application/gzip", "gz"), Map.entry("application/x-gzip", "gz"),
            Map.entry("application/x-zip-compressed", "zip"), Map.entry("image/heic", "heic"),
            Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
            Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
            Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
            Map.entry("application/vnd.ms-powerpoint", "ppt"), Map.entry("application/vnd.ms-outlook", "msg"),
            Map.entry("text/x-vcard", "vcf"), Map.entry("text/vcard", "vcf"), Map.entry("application/ics", "ics"));

    private final Set<String> used = new HashSet<>();
    private final Set<String> shownUsed = new HashSet<>();
    private int generated;

    /** A name for content type when the sender gave none: attachment-1.png. */
    String generate(String contentType) {
        generated++;
        return "attachment-" + generated + "." + extension(contentType);
    }

    /** The usual file extension for a content type, "bin" when unknown. */
    String extension(String contentType) {
        String ext = EXTENSIONS.get(contentType == null ? "" : contentType.toLowerCase(Locale.ROOT));
        if (ext == null && contentType != null && contentType.startsWith("text/")) ext = "txt";
        return ext == null ? "bin" : ext;
    }

    /** Safe and not yet used in this mail: {@code a.pdf}, then {@code a (2).pdf}. */
    String unique(String wanted) {
        String safe = safe(wanted);
        String candidate = safe;
        int n = 2;
        while (!used.add(candidate.toLowerCase(Locale.ROOT))) {
            int dot = safe.lastIndexOf('.');
            candidate = dot > 0 ? safe.substring(0, dot) + " (" + n + ")" + safe.substring(dot) : safe + " (" + n + ")";
            n++;
        }
        return candidate;
    }

    /**
     * The name to show people: as sent, only control characters and direction overrides taken out
     * (they could hide the real extension), numbered like the stored name when already taken.
     */
    String shown(String wanted) {
        StringBuilder b = new StringBuilder(wanted.length());
        wanted.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) b.append(' ');
            else if (!(cp >= 0x202A && cp <= 0x202E) && !(cp >= 0x2066 && cp <= 0x2069)) b.appendCodePoint(cp);
        });
        String s = b.toString().strip();
        if (s.isEmpty()) s = "attachment";
        String candidate = s;
        int n = 2;
        while (!shownUsed.add(candidate.toLowerCase(Locale.ROOT))) {
            int dot = s.lastIndexOf('.');
            candidate = dot > 0 ? s.substring(0, dot) + " (" + n + ")" + s.substring(dot) : s + " (" + n + ")";
            n++;
        }
        return candidate;
    }

    /** No path separators, drive colons or control characters; trimmed; at most MAX_LENGTH chars. */
    static String safe(String name) {
        StringBuilder b = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || cp == '/' || cp == '\\' || cp == ':' || cp == '*' || cp == '?'
                    || cp == '"' || cp == '<' || cp == '>' || cp == '|' || (cp >= 0x80 && cp < 0xA0)) {
                b.append('_');
            } else {
                b.appendCodePoint(cp);
            }
        });
        String s = b.toString().strip();
        while (s.startsWith(".")) s = s.substring(1);
        if (s.isBlank()) s = "attachment";
        if (s.length() > MAX_LENGTH) {
            int dot = s.lastIndexOf('.');
            String ext = dot > 0 && s.length() - dot <= 10 ? s.substring(dot) : "";
            s = s.substring(0, MAX_LENGTH - ext.length()) + ext;
        }
        return s;
    }
}

package dev.mail2case.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.ContentType;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.mail2case.mail.HeaderText.*;

/** What a part's own headers say: its type, disposition, file name and Content-ID. */
final class PartHeaders {

    private PartHeaders() {
    }

    static String mimeType(Part part, ReadState c) {
        String[] v;
        try {
            v = part.getHeader("Content-Type");
        } catch (MessagingException e) {
            v = null;
        }
        if (v == null || v.length == 0 || v[0].isBlank()) {
            return "text/plain";
        }
        String raw = v[0].trim();
        try {
            ContentType ct = new ContentType(raw);
            String t = ct.getBaseType().toLowerCase(Locale.ROOT);
            return fixType(t);
        } catch (Exception e) {
            Matcher m = Pattern.compile("^\\s*([A-Za-z0-9!#$&.+^_-]+)\\s*/\\s*([A-Za-z0-9!#$&.+^_-]+)").matcher(raw);
            if (m.find()) return fixType((m.group(1) + "/" + m.group(2)).toLowerCase(Locale.ROOT));
            boolean named = NAME_PARAM.matcher(raw).find();
            c.defect("Content-Type \"" + shorten(raw, 40) + "\" is unreadable; the part was read as "
                    + (named ? "a file." : "text/plain."));
            return named ? "application/octet-stream" : "text/plain";
        }
    }

    static String fixType(String t) {
        if (t.equals("text") || t.equals("text/text")) return "text/plain";
        return t;
    }

    static String disposition(Part part) {
        try {
            String[] v = part.getHeader("Content-Disposition");
            if (v == null || v.length == 0) return null;
            String d = v[0].trim();
            int semi = d.indexOf(';');
            d = (semi >= 0 ? d.substring(0, semi) : d).trim().toLowerCase(Locale.ROOT);
            return d.isEmpty() ? null : d;
        } catch (MessagingException e) {
            return null;
        }
    }

    static final Pattern NAME_PARAM = Pattern.compile("(?i)(?:^|;)\\s*(?:file)?name\\s*=\\s*(\"([^\"]*)\"|([^;]*))");

    /** File name from Content-Disposition, then Content-Type name; RFC 2231 and RFC 2047 decoded. */
    static String filename(Part part, ReadState c) {
        String name = filename(part, c.headerFallback);
        return name;
    }

    static String filename(Part part) {
        return filename(part, MailCharsets.FALLBACK);
    }

    static String filename(Part part, Charset fallback) {
        String name = ownParam(part, "Content-Disposition", "filename", fallback);
        if (name == null) name = ownParam(part, "Content-Type", "name", fallback);
        if (name == null) name = param2231(part, "Content-Disposition", "filename");
        if (name == null) name = param2231(part, "Content-Type", "name");
        if (name == null) {
            // Unparseable header: pick the name out by hand.
            for (String h : new String[]{"Content-Disposition", "Content-Type"}) {
                try {
                    String[] v = part.getHeader(h);
                    if (v == null) continue;
                    Matcher m = NAME_PARAM.matcher(unfold(v[0]));
                    if (m.find()) {
                        name = m.group(2) != null ? m.group(2) : m.group(3);
                        if (name != null) break;
                    }
                } catch (MessagingException ignored) {
                    // try the next header
                }
            }
        }
        if (name == null) return null;
        name = EncodedWords.decode(MailCharsets.rawHeader(name, fallback)).trim();
        return name.isEmpty() ? null : name;
    }

    static String ownParam(Part part, String header, String param, Charset fallback) {
        try {
            String[] v = part.getHeader(header);
            if (v == null || v.length == 0) return null;
            String value = HeaderParams.get(unfold(v[0]), param, fallback);
            return value == null || value.isBlank() ? null : value;
        } catch (MessagingException | RuntimeException e) {
            return null;
        }
    }

    static String param2231(Part part, String header, String param) {
        try {
            String[] v = part.getHeader(header);
            if (v == null || v.length == 0) return null;
            String value = unfold(v[0]);
            if (header.equals("Content-Type")) {
                return new ContentType(value).getParameter(param);
            }
            return new ContentDisposition(value).getParameter(param);
        } catch (Exception e) {
            return null;
        }
    }

    static String param(Part part, String name) {
        return param2231(part, "Content-Type", name);
    }

    static String contentId(Part part) {
        try {
            String[] v = part.getHeader("Content-ID");
            if (v == null || v.length == 0) return null;
            return stripBrackets(unfold(v[0]));
        } catch (MessagingException e) {
            return null;
        }
    }

    static String guessType(String name) {
        if (name == null) return "application/octet-stream";
        String n = name.toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "pdf" -> "application/pdf";
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "htm", "html" -> "text/html";
            case "txt" -> "text/plain";
            case "rtf" -> "application/rtf";
            case "doc" -> "application/msword";
            case "xls" -> "application/vnd.ms-excel";
            case "docx" -> "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            case "xlsx" -> "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            case "zip" -> "application/zip";
            case "mp3" -> "audio/mpeg";
            case "eml" -> "message/rfc822";
            default -> "application/octet-stream";
        };
    }

    static String stripBrackets(String id) {
        if (id == null) return null;
        String s = id.trim();
        if (s.startsWith("<")) s = s.substring(1);
        int gt = s.indexOf('>');
        if (gt >= 0) s = s.substring(0, gt);
        s = s.trim();
        return s.isBlank() ? null : s;
    }

}

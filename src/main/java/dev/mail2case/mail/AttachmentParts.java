package dev.mail2case.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;

import java.util.List;
import java.util.Locale;

import static dev.mail2case.mail.HeaderText.*;
import static dev.mail2case.mail.KeptParts.*;
import static dev.mail2case.mail.PartContent.*;
import static dev.mail2case.mail.PartHeaders.*;

/** Parts kept as attachments: names, size limits and placeholders, winmail.dat unpacked. */
final class AttachmentParts {

    private AttachmentParts() {
    }

    static boolean tnef(Part part, ReadState c) {
        Read r = readContent(part, c, "winmail.dat", "application/ms-tnef");
        if (r == null || r.bytes() == null) return r != null;
        try {
            List<TnefDecoder.File> files = TnefDecoder.decode(r.bytes());
            if (files.isEmpty()) throw new IllegalStateException("no files in it");
            for (TnefDecoder.File f : files) {
                String type = guessType(f.name());
                String name = f.name() == null ? c.names.generate(type) : f.name();
                storeChecked(c, name, f.name(), type, null, false, f.content());
            }
            return true;
        } catch (Exception | LinkageError e) {
            c.defect("winmail.dat (TNEF) could not be decoded (" + shorten(String.valueOf(e.getMessage()), 60)
                    + "); it is kept as it is.");
            store(c, filename(part) == null ? "winmail.dat" : filename(part), filename(part), "application/ms-tnef",
                    contentId(part), false, r.bytes());
            return true;
        }
    }

    static void addAttachment(Part part, String type, String filename, String disposition, ReadState c) {
        String name = nameFor(part, filename, type, c);
        Read r = readContent(part, c, name, type);
        if (r == null || r.bytes() == null) return;
        String cid = contentId(part);
        boolean inline = "inline".equals(disposition) || (disposition == null && cid != null);
        store(c, name, filename, type, cid, inline, r.bytes());
    }

    /** The sender's file name, else one from Content-Description ("Delivery report.txt"), else generated. */
    static String nameFor(Part part, String filename, String type, ReadState c) {
        if (filename != null && !filename.isBlank()) return filename;
        try {
            String[] d = part.getHeader("Content-Description");
            if (d != null && d.length > 0) {
                String desc = decodeHeader(d[0], c.headerFallback);
                if (desc != null && !desc.isBlank() && desc.length() <= 80 && !desc.contains("/")) {
                    String ext = c.names.extension(type);
                    return desc.toLowerCase(Locale.ROOT).endsWith("." + ext) ? desc : desc + "." + ext;
                }
            }
        } catch (MessagingException ignored) {
            // generate instead
        }
        return c.names.generate(type);
    }

}

package dev.mail2case.mail;

import org.apache.poi.hmef.Attachment;
import org.apache.poi.hmef.HMEFMessage;
import org.apache.poi.hmef.attribute.MAPIAttribute;
import org.apache.poi.hmef.attribute.MAPIRtfAttribute;
import org.apache.poi.hmef.attribute.MAPIStringAttribute;
import org.apache.poi.hsmf.datatypes.MAPIProperty;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Outlook's winmail.dat (application/ms-tnef) to the files it carries, with Apache POI HMEF. The
 * message body inside the stream becomes {@code body.rtf} or {@code body.html} so nothing is lost.
 */
public final class TnefDecoder {

    /** One file from the TNEF stream; name may be null when the stream gave none. */
    public record File(String name, byte[] content) {
    }

    private TnefDecoder() {
    }

    /** The files in the stream; throws when the bytes are not TNEF at all. */
    public static List<File> decode(byte[] tnef) throws Exception {
        HMEFMessage msg = new HMEFMessage(new ByteArrayInputStream(tnef));
        List<File> out = new ArrayList<>();
        for (Attachment a : msg.getAttachments()) {
            byte[] content;
            try {
                content = a.getContents();
            } catch (RuntimeException e) {
                content = null;
            }
            if (content == null) content = dataObject(a);
            if (content == null) content = new byte[0];
            String name = null;
            try {
                name = a.getLongFilename();
            } catch (RuntimeException ignored) {
                // fall through to the short name
            }
            if (name == null || name.isBlank()) {
                try {
                    name = a.getFilename();
                } catch (RuntimeException ignored) {
                    name = null;
                }
            }
            if (name == null || name.isBlank()) name = mapiString(a.getMAPIAttribute(MAPIProperty.DISPLAY_NAME));
            out.add(new File(name == null || name.isBlank() ? null : name.trim(), content));
        }
        MAPIAttribute html = msg.getMessageMAPIAttribute(MAPIProperty.BODY_HTML);
        if (html != null) {
            out.add(new File("body.html", html.getData()));
        } else {
            MAPIAttribute rtf = msg.getMessageMAPIAttribute(MAPIProperty.RTF_COMPRESSED);
            if (rtf instanceof MAPIRtfAttribute r) {
                out.add(new File("body.rtf", r.getData()));
            }
        }
        return out;
    }

    private static byte[] dataObject(Attachment a) {
        MAPIAttribute data = a.getMAPIAttribute(MAPIProperty.ATTACH_DATA);
        return data == null ? null : data.getData();
    }

    private static String mapiString(MAPIAttribute attr) {
        if (attr == null) return null;
        if (attr instanceof MAPIStringAttribute s) return s.getDataString();
        return new String(attr.getData(), StandardCharsets.ISO_8859_1).replace("\0", "");
    }
}

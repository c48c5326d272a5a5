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

    /**
     * The files in the stream; throws when the bytes are not TNEF at all. Streams that Apache POI
     * rejects (damaged framing) are read again by a small lenient reader that skips what it cannot parse.
     */
    public static List<File> decode(byte[] tnef) throws Exception {
        try {
            return decodeWithPoi(tnef);
        } catch (Exception | LinkageError e) {
            if (tnef.length < 6 || le32(tnef, 0) != SIGNATURE) throw e;
            return Lenient.decode(tnef);
        }
    }

    private static final int SIGNATURE = 0x223E9F78;

    static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    static int le32(byte[] b, int i) {
        return le16(b, i) | le16(b, i + 2) << 16;
    }

    private static List<File> decodeWithPoi(byte[] tnef) throws Exception {
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

    /** TNEF framing and MAPI properties read by hand, resynchronising after damage. */
    static final class Lenient {
        private static final int ATT_ATTACH_DATA = 0x800F;
        private static final int ATT_ATTACH_TITLE = 0x8010;
        private static final int ATT_ATTACH_RENDDATA = 0x9002;
        private static final int ATT_MSG_PROPS = 0x9003;
        private static final int ATT_ATTACHMENT = 0x9005;
        private static final int PR_ATTACH_DATA = 0x3701;
        private static final int PR_ATTACH_LONG_FILENAME = 0x3707;
        private static final int PR_DISPLAY_NAME = 0x3001;
        private static final int PR_BODY_HTML = 0x1013;
        private static final int PR_RTF_COMPRESSED = 0x1009;

        private Lenient() {
        }

        static List<File> decode(byte[] b) {
            List<String[]> names = new ArrayList<>();
            List<byte[]> contents = new ArrayList<>();
            byte[] html = null;
            byte[] rtf = null;
            int i = 6;
            int current = -1;
            while (i + 9 <= b.length) {
                int level = b[i] & 0xFF;
                int id = le16(b, i + 1);
                long len = le32(b, i + 5) & 0xFFFFFFFFL;
                if ((level != 1 && level != 2) || len > b.length - i - 9) {
                    i++; // damaged: look for the next attribute header
                    continue;
                }
                int data = i + 9;
                int end = (int) (data + len);
                if (level == 2 && id == ATT_ATTACH_RENDDATA) {
                    names.add(new String[2]);
                    contents.add(null);
                    current = names.size() - 1;
                } else if (level == 2 && current >= 0 && id == ATT_ATTACH_TITLE) {
                    names.get(current)[0] = cString(b, data, end);
                } else if (level == 2 && current >= 0 && id == ATT_ATTACH_DATA) {
                    contents.set(current, java.util.Arrays.copyOfRange(b, data, end));
                } else if (id == ATT_ATTACHMENT || id == ATT_MSG_PROPS) {
                    java.util.Map<Integer, byte[]> props = new java.util.HashMap<>();
                    mapi(b, data, end, props);
                    if (level == 2 && current >= 0) {
                        byte[] n = props.containsKey(PR_ATTACH_LONG_FILENAME) ? props.get(PR_ATTACH_LONG_FILENAME)
                                : props.get(PR_DISPLAY_NAME);
                        if (n != null) names.get(current)[1] = propString(n);
                        if (contents.get(current) == null && props.containsKey(PR_ATTACH_DATA)) {
                            contents.set(current, props.get(PR_ATTACH_DATA));
                        }
                    } else if (level == 1) {
                        if (props.containsKey(PR_BODY_HTML)) html = props.get(PR_BODY_HTML);
                        if (props.containsKey(PR_RTF_COMPRESSED)) rtf = props.get(PR_RTF_COMPRESSED);
                    }
                }
                i = end + 2; // checksum
            }
            List<File> out = new ArrayList<>();
            for (int k = 0; k < names.size(); k++) {
                String name = names.get(k)[1] != null ? names.get(k)[1] : names.get(k)[0];
                out.add(new File(name == null || name.isBlank() ? null : name.trim(),
                        contents.get(k) == null ? new byte[0] : contents.get(k)));
            }
            if (html != null) out.add(new File("body.html", html));
            else if (rtf != null) out.add(new File("body.rtf", decompressRtf(rtf)));
            return out;
        }

        /** MAPI property list; string and binary values are kept by property id. Stops at damage. */
        private static void mapi(byte[] b, int i, int end, java.util.Map<Integer, byte[]> props) {
            if (i + 4 > end) return;
            long count = le32(b, i) & 0xFFFFFFFFL;
            i += 4;
            for (long n = 0; n < count && i + 4 <= end; n++) {
                int type = le16(b, i);
                int id = le16(b, i + 2);
                i += 4;
                if (id >= 0x8000) { // named property: GUID, kind, id or name
                    if (i + 20 > end) return;
                    int kind = le32(b, i + 16);
                    i += 20;
                    if (kind == 0) {
                        i += 4;
                    } else {
                        if (i + 4 > end) return;
                        int nameLen = le32(b, i);
                        i += 4 + pad(nameLen);
                    }
                }
                boolean multi = (type & 0x1000) != 0;
                int base = type & 0x0FFF;
                int values = 1;
                boolean variable = base == 0x001E || base == 0x001F || base == 0x0102 || base == 0x000D;
                if (multi || variable) {
                    if (i + 4 > end) return;
                    values = le32(b, i);
                    i += 4;
                    if (values < 0 || values > 100_000) return;
                }
                for (int v = 0; v < values; v++) {
                    if (variable) {
                        if (i + 4 > end) return;
                        int len = le32(b, i);
                        i += 4;
                        if (len < 0 || i + len > end) return;
                        if (v == 0) props.put(id, java.util.Arrays.copyOfRange(b, i, i + len));
                        if (base == 0x001F && v == 0) props.put(id | 0x10000, new byte[0]);
                        i += pad(len);
                    } else {
                        int size = switch (base) {
                            case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040 -> 8;
                            case 0x0048 -> 16;
                            default -> 4;
                        };
                        i += size;
                    }
                }
            }
        }

        private static byte[] decompressRtf(byte[] compressed) {
            try {
                return new org.apache.poi.hmef.CompressedRTF().decompress(new ByteArrayInputStream(compressed));
            } catch (Exception | LinkageError e) {
                return compressed;
            }
        }

        private static int pad(int len) {
            return (len + 3) & ~3;
        }

        private static String cString(byte[] b, int from, int to) {
            int end = from;
            while (end < to && b[end] != 0) end++;
            return new String(b, from, end - from, java.nio.charset.Charset.forName("windows-1252"));
        }

        /** PT_UNICODE values are UTF-16LE; PT_STRING8 ones are 8-bit. */
        private static String propString(byte[] v) {
            boolean utf16 = v.length >= 2 && v.length % 2 == 0 && v[1] == 0;
            String s = utf16 ? new String(v, StandardCharsets.UTF_16LE)
                    : new String(v, java.nio.charset.Charset.forName("windows-1252"));
            int nul = s.indexOf('\0');
            return nul >= 0 ? s.substring(0, nul) : s;
        }
    }
}

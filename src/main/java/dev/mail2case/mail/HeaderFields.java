package dev.mail2case.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A mail's own header fields read straight from its raw bytes, without parsing the mail. */
public final class HeaderFields {
    private HeaderFields() {
    }

    /** The header block in order: each header as {name in lower case, value unfolded}, top first. */
    public static List<String[]> of(byte[] raw) {
        List<String[]> out = new ArrayList<>();
        int limit = Math.min(raw.length, 1 << 20);
        for (int i = 0; i + 1 < limit; i++) {
            // only the header block is read: it ends at the first empty line
            if (raw[i] == '\n' && (raw[i + 1] == '\n' || (raw[i + 1] == '\r' && i + 2 < limit && raw[i + 2] == '\n'))) {
                limit = i + 1;
                break;
            }
        }
        String text = new String(raw, 0, limit, StandardCharsets.ISO_8859_1);
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break;
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && name != null) {
                value.append(' ').append(line.strip());
                continue;
            }
            if (name != null) {
                out.add(new String[]{name, value.toString()});
            }
            int colon = line.indexOf(':');
            name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : null;
            value.setLength(0);
            if (name != null) {
                value.append(line.substring(colon + 1).strip());
            }
        }
        if (name != null) {
            out.add(new String[]{name, value.toString()});
        }
        return out;
    }

    /** The Message-IDs in a Message-ID, In-Reply-To or References value, as threading reads them. */
    public static List<String> messageIds(String value) {
        return MailHeaders.ids(value);
    }
}

package dev.mail2case.mail;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** State of one reading of a mail: what was found so far and what it may still cost. */
final class ReadState {
    final List<String> defects;
    final MailReader.Limits limits;
    final AttachmentNames names = new AttachmentNames();
    final List<MailAttachment> attachments = new ArrayList<>();
    final List<InboundMail.OversizedPart> oversized = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    boolean hasText;
    String html;
    long kept;
    Charset headerFallback = MailCharsets.FALLBACK;
    final long deadline = System.nanoTime() + MailReader.MAX_READ_NANOS;
    int parts;
    int skipped;
    boolean outOfTime;

    ReadState(List<String> defects, MailReader.Limits limits) {
        this.defects = defects;
        this.limits = limits;
    }

    void defect(String d) {
        if (!defects.contains(d) && defects.size() < 100) defects.add(d);
    }
}

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
    /** Time this reading may take: the fixed budget, plus a share for each megabyte the mail has. */
    final long budgetNanos;
    final long deadline;
    int parts;
    int skipped;
    boolean outOfTime;
    /** Parts decoded whole and without error, by identity, for the report parts to reuse. */
    final java.util.Map<jakarta.mail.Part, ReportParts.Decoded> decoded = new java.util.IdentityHashMap<>();

    ReadState(List<String> defects, MailReader.Limits limits, long rawSize) {
        this.defects = defects;
        this.limits = limits;
        this.budgetNanos = MailReader.MAX_READ_NANOS + Math.max(0, rawSize >> 20) * MailReader.READ_NANOS_PER_MB;
        this.deadline = System.nanoTime() + budgetNanos;
    }

    void defect(String d) {
        if (!defects.contains(d) && defects.size() < 100) defects.add(d);
    }
}

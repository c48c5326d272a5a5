package dev.mail2case.mail;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Random;

/**
 * Measures the heap needed to read a mail with one large attachment (default 50 MB), written to a
 * temporary file first: read from the file (streaming) and from bytes already in memory. Prints the
 * attachment size, whether it came out whole (same SHA-256 as written) and the peak heap used while
 * reading above what was in use before. Usage: {@code LargeMailMeasurement [megabytes]}; the
 * {@code benchmark} command runs it too.
 */
public final class LargeMailMeasurement {

    private LargeMailMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int mb = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        Path file = Files.createTempFile("large-mail", ".eml");
        try {
            byte[] digest = write(file, mb * 1024L * 1024L);
            System.gc();
            long before = used();
            resetPeaks();
            InboundMail mail = new MailReader().read(file);
            long peak = peakUsed();
            long attachment = mail.attachments().get(0).size();
            System.out.printf("large mail: file %.1f MB, attachment %.1f MB, whole: %s%n", Files.size(file) / 1048576.0,
                    attachment / 1048576.0, whole(mail, digest) ? "yes" : "NO");
            System.out.printf("read(file): heap before %.1f MB, peak while reading %.1f MB, peak minus before %.1f MB (%.2f x attachment)%n",
                    before / 1048576.0, peak / 1048576.0, (peak - before) / 1048576.0, (peak - before) / (double) attachment);
            mail = null;
            byte[] raw = Files.readAllBytes(file);
            System.gc();
            long withRaw = used();
            resetPeaks();
            InboundMail fromBytes = new MailReader().read(raw);
            long peakBytes = peakUsed();
            System.out.printf("read(bytes): heap with the raw mail %.1f MB; peak minus that %.1f MB (%.2f x attachment), whole: %s%n",
                    withRaw / 1048576.0, (peakBytes - withRaw) / 1048576.0,
                    (peakBytes - withRaw) / (double) fromBytes.attachments().get(0).size(), whole(fromBytes, digest) ? "yes" : "NO");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static boolean whole(InboundMail mail, byte[] digest) throws Exception {
        return mail.attachments().size() == 1 && java.util.Arrays.equals(digest,
                java.security.MessageDigest.getInstance("SHA-256").digest(mail.attachments().get(0).content()));
    }

    /** Writes the mail and returns the SHA-256 of the attachment's bytes. */
    private static byte[] write(Path file, long bytes) throws Exception {
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(("From: Sender <sender@example.com>\r\nTo: support@example.com\r\nSubject: large attachment\r\n"
                    + "Message-ID: <large@example.com>\r\nMIME-Version: 1.0\r\n"
                    + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                    + "See attached.\r\n--b\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Disposition: attachment; filename=\"big.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Random random = new Random(1);
            byte[] chunk = new byte[57 * 1024];
            Base64.Encoder enc = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII));
            for (long done = 0; done < bytes; done += chunk.length) {
                int n = (int) Math.min(chunk.length, bytes - done);
                random.nextBytes(chunk);
                byte[] part = n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n);
                sha.update(part);
                byte[] b64 = enc.encode(part);
                out.write(b64);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return sha.digest();
    }

    static long used() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getUsage().getUsed();
        }
        return sum;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) pool.resetPeakUsage();
        }
    }

    /** Sum of the heap pools' peaks: an upper bound of the real peak (pools peak at different times). */
    static long peakUsed() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum;
    }
}

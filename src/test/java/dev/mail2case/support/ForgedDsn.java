package dev.mail2case.support;

import java.nio.charset.StandardCharsets;

/**
 * A delivery report anyone could write, from a mailer daemon at forger.example to the support desk: it
 * names a recipient that failed and quotes the headers of the mail it claims to return.
 */
public final class ForgedDsn {
    public static final String SENDER = "MAILER-DAEMON@forger.example";

    private ForgedDsn() {
    }

    /** The report's bytes; {@code id} makes its Message-ID, {@code returned*} the quoted mail's headers. */
    public static byte[] failed(String id, String recipient, String status, String diagnostic, String returnedSubject,
                                String returnedMessageId) {
        return ("From: Mail Delivery System <" + SENDER + ">\r\n"
                + "To: " + TestApp.SUPPORT + "\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                + "Message-ID: <" + id + "@forger.example>\r\nAuto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\n<" + recipient + ">: " + diagnostic + "\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; forger.example\r\n\r\n"
                + "Final-Recipient: rfc822; " + recipient + "\r\nAction: failed\r\nStatus: " + status + "\r\n"
                + "Diagnostic-Code: smtp; " + diagnostic + "\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nFrom: " + TestApp.SUPPORT
                + "\r\nTo: " + recipient + "\r\nSubject: " + returnedSubject + "\r\n"
                + "Message-ID: <" + returnedMessageId + ">\r\n--B--\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}

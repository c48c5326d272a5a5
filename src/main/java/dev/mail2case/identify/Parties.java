package dev.mail2case.identify;

import dev.mail2case.mail.MailAddress;

/**
 * Who really wrote a mail and to which of our addresses, after looking through forwarding.
 *
 * @param sender          the original sender, or null when the mail names none
 * @param recipient       the address the mail was first sent to: one of ours when any candidate is ours,
 *                        otherwise the first-hop address; null when the mail names no recipient at all
 * @param recipientIsOurs whether {@code recipient} is one of the context's own addresses
 * @param forwarder       who forwarded, redirected or resent the mail, or null for direct mail
 * @param how             which header or rule decided the sender and the recipient, for explain output
 */
public record Parties(MailAddress sender, MailAddress recipient, boolean recipientIsOurs, MailAddress forwarder,
                      String how) {

    public boolean forwarded() {
        return forwarder != null;
    }
}

/**
 * Who a mail is really from and which of our addresses it was sent to: {@link dev.mail2case.identify.AddressKey}
 * normalises addresses for contact matching, {@link dev.mail2case.identify.OriginalParties} looks through
 * forwarding, redirects and aliases, and {@link dev.mail2case.identify.UnknownSenderPolicy} is an account's
 * answer to a sender no contact matches. All plain Java, no Camel, no database.
 */
package dev.mail2case.identify;

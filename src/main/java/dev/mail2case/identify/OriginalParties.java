package dev.mail2case.identify;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the original sender and the original recipient of a mail that reached us forwarded, redirected,
 * resent or through an alias, so the sender is checked against contacts and the recipient picks the
 * account settings. Stateless; one instance serves every account.
 *
 * <h2>Sender, first rule that applies</h2>
 * <ol>
 *   <li>{@code Resent-From} / {@code Resent-Sender} (redirect, bounce-forward): From is the original sender,
 *       the top-most resender is the forwarder.</li>
 *   <li>{@code X-MS-Exchange-Inbox-Rules-Loop} names the mailbox whose inbox rule sent the mail on (one
 *       header per rule that ran). When From is such a mailbox it was a <em>Forward</em> rule:
 *       Exchange made the owner the sender and the original sender is only in the quoted block (then
 *       {@code X-MS-Exchange-Organization-OriginalSender}, then an SRS Return-Path). Otherwise it was a
 *       <em>Redirect</em> rule: From is kept and the top-most mailbox is the forwarder.</li>
 *   <li>{@code X-MS-Exchange-Organization-AutoForwarded: true} with a quoted block addressed to the From
 *       mailbox: a Forward rule whose loop header was lost; read the quoted block.</li>
 *   <li>{@code X-MS-Exchange-ForwardingLoop} (mailbox-level forwarding, From kept): the mailbox is the forwarder.</li>
 *   <li>From is a known forwarder: the quoted block of the inline forward names the original sender. Quoted
 *       blocks are believed only here and for Exchange Forward rules, since anyone can type one.</li>
 *   <li>From is missing or one of our own addresses: the SRS Return-Path or
 *       {@code X-MS-Exchange-Organization-OriginalSender}.</li>
 *   <li>{@code X-Forwarded-For} (Gmail auto-forwarding, From kept): its first address is the forwarder.</li>
 *   <li>SRS Return-Path: From is kept, unless From is at the forwarder's own domain (a forwarder that
 *       rewrote From as well), then the decoded SRS address is the sender.</li>
 *   <li>From.</li>
 * </ol>
 * <h2>Recipient</h2>
 * The candidates come in three groups: <em>written</em> (what the sender addressed: the quoted To/Cc of a
 * believed inline forward, To, Cc), <em>upstream</em> (headers a forwarding mailbox left:
 * {@code X-Forwarded-For} first address, {@code X-MS-Exchange-Organization-OriginalEnvelopeRecipients},
 * {@code X-MS-Exchange-Inbox-Rules-Loop}, {@code X-MS-Exchange-ForwardingLoop}) and <em>local</em> (the
 * envelope at our side: {@code X-Original-To}, {@code Delivered-To}, {@code Envelope-To},
 * {@code X-Envelope-To}, {@code X-Forwarded-To}, {@code Resent-To}); headers that repeat per hop are read
 * bottom-most (first hop) first. The first rule that yields one of our own addresses decides:
 * <ol>
 *   <li>our address in the quoted To/Cc of an inline forward: the forwarded message was sent there;</li>
 *   <li>our address in an upstream or local header that is also in To/Cc: the envelope says which of
 *       several written addresses this copy is for (several managers or purposes, one mailbox);</li>
 *   <li>forwarded mail: upstream, then written, then local, since our local envelope then names only
 *       the forward target; direct mail: upstream, local, then written, since the envelope also
 *       covers Bcc; in both the top-most {@code Delivered-To} comes last: it names the mailbox all
 *       aliases land in, not the address the mail was sent to;</li>
 *   <li>none of ours: the first candidate in that order, marked as not ours.</li>
 * </ol>
 * A sender can write any of these headers into the mail; that only lets it choose among addresses of ours
 * it could have written to directly, so the sender check, not the recipient, carries trust.
 * {@code X-MS-Exchange-Organization-Recipient-P2-Type: Bcc} is noted in {@code how}: then To and Cc
 * cannot name us. {@code X-MS-Exchange-Organization-OriginalClientIPAddress} names a client, not a party,
 * and is left to screening.
 */
public class OriginalParties {

    public Parties resolve(InboundMail mail, ForwardingContext context) {
        Sender sender = sender(mail, context);
        List<Candidate> quoted = new ArrayList<>();
        List<Candidate> written = new ArrayList<>();
        if (sender.quoted != null) {
            add(quoted, sender.quoted.to(), "quoted To");
            add(quoted, sender.quoted.cc(), "quoted Cc");
        }
        add(written, mail.to(), sender.resent ? "To (before Resent-To)" : "To");
        add(written, mail.cc(), sender.resent ? "Cc (before Resent-To)" : "Cc");
        List<Candidate> upstream = upstream(mail);
        List<Candidate> local = local(mail);
        List<Candidate> mailbox = new ArrayList<>();
        List<MailAddress> delivered = headerAddresses(mail, "Delivered-To", false);
        if (!delivered.isEmpty()) add(mailbox, List.of(delivered.get(0)), "Delivered-To");

        Candidate chosen = firstOwn(quoted, context);
        if (chosen == null) {
            for (Candidate c : concat(upstream, concat(local, mailbox))) {
                if (context.isOwn(c.address) && written.stream().anyMatch(w -> context.same(w.address, c.address))) {
                    chosen = new Candidate(c.address, c.source + ", one of To/Cc");
                    break;
                }
            }
        }
        boolean forwarded = sender.forwarder != null;
        List<Candidate> ordered = concat(quoted, concat(forwarded ? concat(upstream, concat(written, local))
                : concat(upstream, concat(local, written)), mailbox));
        if (chosen == null) chosen = firstOwn(ordered, context);
        boolean ours = chosen != null;
        if (chosen == null && !ordered.isEmpty()) chosen = ordered.get(0);
        String recipientHow = chosen == null ? "none named"
                : chosen.source + (ours ? "" : context.ownAddresses().isEmpty() ? " (first hop)" : " (first hop, none of ours)");
        if ("bcc".equals(trim(mail.header("X-MS-Exchange-Organization-Recipient-P2-Type")))) {
            recipientHow += ", we were Bcc (X-MS-Exchange-Organization-Recipient-P2-Type)";
        }
        return new Parties(sender.address, chosen == null ? null : chosen.address, ours, sender.forwarder,
                "sender: " + sender.how + "; recipient: " + recipientHow);
    }

    private static Candidate firstOwn(List<Candidate> candidates, ForwardingContext context) {
        for (Candidate c : candidates) {
            if (context.isOwn(c.address)) return c;
        }
        return null;
    }

    private static List<Candidate> concat(List<Candidate> a, List<Candidate> b) {
        List<Candidate> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private record Sender(MailAddress address, MailAddress forwarder, String how, QuotedHeaders quoted, boolean resent) {
    }

    private record Candidate(MailAddress address, String source) {
    }

    private Sender sender(InboundMail mail, ForwardingContext ctx) {
        MailAddress from = usable(mail.from());

        MailAddress resender = first(mail, "Resent-From");
        String resentHeader = "Resent-From";
        if (resender == null) {
            resender = first(mail, "Resent-Sender");
            resentHeader = "Resent-Sender";
        }
        if (resender != null && from != null) {
            return new Sender(from, resender, "From (resent: " + resentHeader + " is the forwarder)", null, true);
        }

        List<MailAddress> ruleMailboxes = headerAddresses(mail, "X-MS-Exchange-Inbox-Rules-Loop", false);
        if (!ruleMailboxes.isEmpty() && from != null) {
            if (ruleMailboxes.stream().anyMatch(m -> ctx.same(from, m))) {
                return lookThrough(mail, ctx, from, "Exchange forward rule (X-MS-Exchange-Inbox-Rules-Loop)");
            }
            // chained rules: the top-most mailbox is the one that sent the mail to us
            return new Sender(from, ruleMailboxes.get(0), "From (Exchange redirect rule, X-MS-Exchange-Inbox-Rules-Loop)",
                    null, false);
        }

        if (from != null && "true".equalsIgnoreCase(trim(mail.header("X-MS-Exchange-Organization-AutoForwarded")))) {
            Optional<QuotedHeaders> q = QuotedHeaders.find(mail.text());
            if (q.isPresent() && q.get().to().stream().anyMatch(t -> ctx.same(t, from))) {
                return new Sender(q.get().from(), from, "quoted From in " + q.get().style()
                        + " block (Exchange forward rule, X-MS-Exchange-Organization-AutoForwarded)", q.get(), false);
            }
        }

        MailAddress loop = first(mail, "X-MS-Exchange-ForwardingLoop");
        if (loop != null && from != null && !ctx.same(from, loop)) {
            return new Sender(from, loop, "From (Exchange mailbox forwarding, X-MS-Exchange-ForwardingLoop)", null, false);
        }

        if (from != null && ctx.isForwarder(from)) {
            return lookThrough(mail, ctx, from, "inline forward by known forwarder");
        }

        if (from == null || ctx.isOwn(from)) {
            Sender hidden = envelopeSender(mail, from, from == null ? "no From" : "From is our own address");
            if (hidden != null) return hidden;
        }

        MailAddress gmail = first(mail, "X-Forwarded-For");
        if (gmail != null && from != null) {
            return new Sender(from, gmail, "From (Gmail forwarding, X-Forwarded-For)", null, false);
        }

        String returnPath = mail.header("Return-Path");
        Optional<String> srs = Srs.originalSender(returnPath);
        if (srs.isPresent() && from != null) {
            MailAddress srsAddress = new MailAddress(stripBrackets(returnPath), null);
            AddressKey fromKey = ctx.key(from.address());
            AddressKey rp = ctx.key(srsAddress.address());
            if (fromKey != null && rp != null && fromKey.domain().equals(rp.domain())) {
                return new Sender(new MailAddress(srs.get(), from.name()), srsAddress,
                        "SRS Return-Path (From rewritten by " + rp.domain() + ")", null, false);
            }
            return new Sender(from, srsAddress, "From (forwarded, SRS Return-Path names the forwarder)", null, false);
        }
        if (from != null && "true".equals(trim(mail.header("X-MS-Exchange-Organization-AutoForwarded")))) {
            return new Sender(from, null, "From (auto-forwarded by Exchange, forwarder not named)", null, false);
        }
        return new Sender(from, null, from == null ? "none named" : "From", null, false);
    }

    /** Forward where From is the forwarder: the quoted block, else what the envelope kept. */
    private Sender lookThrough(InboundMail mail, ForwardingContext ctx, MailAddress from, String rule) {
        Optional<QuotedHeaders> q = QuotedHeaders.find(mail.text());
        if (q.isPresent() && !ctx.same(q.get().from(), from)) {
            return new Sender(q.get().from(), from, "quoted From in " + q.get().style() + " block (" + rule + ")", q.get(), false);
        }
        Sender hidden = envelopeSender(mail, from, rule);
        if (hidden != null) return new Sender(hidden.address, from, hidden.how, null, false);
        return new Sender(from, null, "From (" + rule + ", no original sender found)", null, false);
    }

    private Sender envelopeSender(InboundMail mail, MailAddress from, String why) {
        MailAddress original = first(mail, "X-MS-Exchange-Organization-OriginalSender");
        if (original != null && (from == null || !original.normalized().equals(from.normalized()))) {
            return new Sender(original, from, "X-MS-Exchange-Organization-OriginalSender (" + why + ")", null, false);
        }
        String returnPath = mail.header("Return-Path");
        Optional<String> srs = Srs.originalSender(returnPath);
        if (srs.isPresent()) {
            return new Sender(new MailAddress(srs.get(), null), new MailAddress(stripBrackets(returnPath), null),
                    "SRS Return-Path (" + why + ")", null, false);
        }
        return null;
    }

    /** Headers a forwarding mailbox left, naming itself: it was a recipient before we were. */
    private static List<Candidate> upstream(InboundMail mail) {
        List<Candidate> out = new ArrayList<>();
        List<MailAddress> forwardedFor = headerAddresses(mail, "X-Forwarded-For", false);
        if (!forwardedFor.isEmpty()) add(out, List.of(forwardedFor.get(0)), "X-Forwarded-For");
        addHeader(out, mail, "X-MS-Exchange-Organization-OriginalEnvelopeRecipients", false);
        addHeader(out, mail, "X-MS-Exchange-Inbox-Rules-Loop", true);
        List<MailAddress> loop = headerAddresses(mail, "X-MS-Exchange-ForwardingLoop", false);
        if (!loop.isEmpty()) add(out, List.of(loop.get(0)), "X-MS-Exchange-ForwardingLoop");
        return out;
    }

    /** The envelope recipients our side recorded, first hop first. */
    private static List<Candidate> local(InboundMail mail) {
        List<Candidate> out = new ArrayList<>();
        addHeader(out, mail, "X-Original-To", true);
        List<MailAddress> delivered = headerAddresses(mail, "Delivered-To", true);
        // the top-most Delivered-To is the mailbox everything lands in: it says least about the first hop
        if (delivered.size() > 1) add(out, delivered.subList(0, delivered.size() - 1), "Delivered-To");
        addHeader(out, mail, "Envelope-To", true);
        addHeader(out, mail, "X-Envelope-To", true);
        addHeader(out, mail, "X-Forwarded-To", false);
        addHeader(out, mail, "Resent-To", true);
        return out;
    }

    private static void addHeader(List<Candidate> out, InboundMail mail, String header, boolean bottomFirst) {
        add(out, headerAddresses(mail, header, bottomFirst), header);
    }

    private static void add(List<Candidate> out, List<MailAddress> addresses, String source) {
        for (MailAddress a : addresses) {
            if (usable(a) != null) out.add(new Candidate(a, source));
        }
    }

    /** Addresses in every value of a header; bottom-most header first when asked (the first hop). */
    private static List<MailAddress> headerAddresses(InboundMail mail, String header, boolean bottomFirst) {
        List<String> values = new ArrayList<>(mail.headers(header));
        if (bottomFirst) java.util.Collections.reverse(values);
        List<MailAddress> out = new ArrayList<>();
        for (String v : values) out.addAll(QuotedHeaders.addresses(v));
        return out;
    }

    private static MailAddress first(InboundMail mail, String header) {
        List<MailAddress> a = headerAddresses(mail, header, false);
        return a.isEmpty() ? null : a.get(0);
    }

    private static MailAddress usable(MailAddress a) {
        return a == null || AddressKey.of(a.address()).isEmpty() ? null : a;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
    }

    private static String stripBrackets(String s) {
        String a = s.trim();
        if (a.startsWith("<")) a = a.substring(1);
        if (a.endsWith(">")) a = a.substring(0, a.length() - 1);
        return a.trim();
    }
}

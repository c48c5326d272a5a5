package dev.mail2case.identify;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.mail.HeaderFields;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Does the From address pass the checks of the account's own receiving server? Only the
 * {@code Authentication-Results} headers carrying the account's {@code authserv-id} count (anyone can
 * write such a header), and of those only the topmost group: reading from the top, the first one with
 * our authserv-id and any more with it before the next {@code Received} line below it. A header further
 * down was already in the mail when it reached the hop that line records. Within the group a failure
 * outweighs a pass, so a pass written by the sender never hides our server's failure.
 * <p>
 * Verdict: {@code fail} when DMARC failed, or SPF failed (fail or softfail) and no DKIM signature of
 * the From domain passed; {@code pass} when DMARC passed, or a DKIM signature or the SPF-checked
 * envelope domain of the From domain passed; {@code none} otherwise (no header from our server, or
 * nothing it could say). A failing From is not matched to a contact, unless the account's
 * {@code unverified-sender} policy is {@code flagged}; {@code refused} refuses the mail.
 */
public class SenderTrust {

    /** The account's policy for a From that fails: {@code unknown}, {@code flagged} or {@code refused}. */
    public static final Set<String> POLICIES = Set.of("unknown", "flagged", "refused");

    /**
     * @param result {@code pass}, {@code fail} or {@code none}
     * @param why    what our server said that decided it, for people
     * @param policy the account's {@code unverified-sender} policy when the result is {@code fail}, else null
     */
    public record Verdict(String result, String why, String policy) {
        public boolean failed() {
            return "fail".equals(result);
        }

        /** The sender is treated as unknown (no contact, not a participant of any case). */
        public boolean unmatched() {
            return failed() && !"flagged".equals(policy);
        }

        public boolean refused() {
            return failed() && "refused".equals(policy);
        }

        /** The flag shown on the case and in the notices, or null when there is none. */
        public String flag() {
            return failed() ? "sender not verified: " + why : null;
        }
    }

    private final Map<String, AccountSettings> accounts;

    public SenderTrust(Map<String, AccountSettings> accounts) {
        this.accounts = accounts;
    }

    /** Sets {@link Pipeline#SENDER_TRUST}; an account without an authserv-id checks nothing. */
    public void check(Exchange exchange) {
        exchange.removeProperty(Pipeline.SENDER_TRUST);
        AccountSettings account = Pipeline.settings(exchange, accounts);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        if (account == null || account.authservIds().isEmpty() || mail == null) {
            return;
        }
        byte[] raw = exchange.getProperty(Pipeline.RAW, byte[].class);
        List<String[]> headers = raw != null ? headerBlock(raw) : fromParsed(mail);
        Verdict v = verdict(headers, account.authservIds(), fromDomain(mail));
        exchange.setProperty(Pipeline.SENDER_TRUST,
                v.failed() ? new Verdict(v.result(), v.why(), account.unverifiedSender()) : v);
    }

    /** After the contact records answered: a failing From is matched to no contact unless the policy flags. */
    public void apply(Exchange exchange) {
        Verdict v = exchange.getProperty(Pipeline.SENDER_TRUST, Verdict.class);
        if (v != null && v.unmatched()) {
            exchange.removeProperty(Pipeline.CONTACT);
        }
    }

    /** The refusal told to a sender whose mail the account refuses for failing the checks. */
    static String refusal(String sender, Verdict v) {
        return "Our mail server could not confirm that this mail was sent by "
                + (sender == null ? "the address it shows" : sender) + " (" + v.why() + "), so no request was"
                + " opened. If you wrote it, please ask whoever runs your mail to check its SPF, DKIM and DMARC"
                + " settings, or write to us again from your usual mail program.";
    }

    /**
     * The verdict from the header block (name lower case, value unfolded, top first).
     *
     * @param ours       the authserv-ids of the account's own server, lower case
     * @param fromDomain the From address's domain, lower case, or null
     */
    public static Verdict verdict(List<String[]> headers, Set<String> ours, String fromDomain) {
        List<AuthenticationResults> group = ownGroup(headers, ours);
        String server = String.join(" or ", ours);
        if (group.isEmpty()) {
            return new Verdict("none", "no Authentication-Results header from " + server, null);
        }
        List<AuthenticationResults.Result> dmarc = new ArrayList<>();
        List<AuthenticationResults.Result> spf = new ArrayList<>();
        List<AuthenticationResults.Result> dkim = new ArrayList<>();
        for (AuthenticationResults h : group) {
            dmarc.addAll(h.of("dmarc"));
            spf.addAll(h.of("spf"));
            dkim.addAll(h.of("dkim"));
        }
        String domain = fromDomain == null ? "the From domain" : fromDomain;
        if (dmarc.stream().anyMatch(r -> r.result().equals("fail"))) {
            return new Verdict("fail", "dmarc=fail for " + domain, null);
        }
        if (dmarc.stream().anyMatch(r -> r.result().equals("pass"))) {
            return new Verdict("pass", "dmarc=pass for " + domain, null);
        }
        boolean dkimAligned = dkim.stream().anyMatch(r -> r.result().equals("pass")
                && aligned(signingDomain(r), fromDomain));
        var spfFailed = spf.stream().filter(r -> r.result().equals("fail") || r.result().equals("softfail"))
                .findFirst();
        if (spfFailed.isPresent() && !dkimAligned) {
            return new Verdict("fail", "spf=" + spfFailed.get().result() + " and no DKIM signature of " + domain
                    + " passed (" + summary("dkim", dkim) + ")", null);
        }
        if (dkimAligned) {
            return new Verdict("pass", "dkim=pass for " + domain, null);
        }
        if (spf.stream().anyMatch(r -> r.result().equals("pass") && aligned(domainOf(r.property("smtp.mailfrom") != null
                ? r.property("smtp.mailfrom") : r.property("smtp.mail")),
                fromDomain))) {
            return new Verdict("pass", "spf=pass for " + domain, null);
        }
        return new Verdict("none", server + " gave no verdict for " + domain + " (" + summary("dmarc", dmarc)
                + ", " + summary("spf", spf) + ", " + summary("dkim", dkim) + ")", null);
    }

    /**
     * The topmost group of our server's headers: the first Authentication-Results with one of our
     * authserv-ids, and any more with one before the next Received line.
     */
    static List<AuthenticationResults> ownGroup(List<String[]> headers, Set<String> ours) {
        List<AuthenticationResults> group = new ArrayList<>();
        for (String[] h : headers) {
            if (h[0].equals("received") && !group.isEmpty()) {
                break;
            }
            if (h[0].equals("authentication-results")) {
                AuthenticationResults ar = AuthenticationResults.parse(h[1]);
                if (ar.authservId() != null && ours.contains(ar.authservId())) {
                    group.add(ar);
                }
            }
        }
        return group;
    }

    private static String summary(String method, List<AuthenticationResults.Result> results) {
        if (results.isEmpty()) {
            return method + " not checked";
        }
        return method + "=" + String.join("/", results.stream().map(AuthenticationResults.Result::result)
                .distinct().toList());
    }

    private static String signingDomain(AuthenticationResults.Result r) {
        String d = r.property("header.d");
        return d != null ? d.toLowerCase(Locale.ROOT) : domainOf(r.property("header.i"));
    }

    /** Relaxed alignment without a public-suffix list: the same domain, or one a subdomain of the other. */
    static boolean aligned(String domain, String fromDomain) {
        if (domain == null || fromDomain == null) {
            return false;
        }
        String d = domain.toLowerCase(Locale.ROOT);
        return d.equals(fromDomain) || fromDomain.endsWith("." + d) || d.endsWith("." + fromDomain);
    }

    private static String domainOf(String address) {
        if (address == null) {
            return null;
        }
        int at = address.lastIndexOf('@');
        String d = (at >= 0 ? address.substring(at + 1) : address).trim().toLowerCase(Locale.ROOT);
        return d.isEmpty() ? null : d;
    }

    static String fromDomain(InboundMail mail) {
        return mail.from() == null ? null : domainOf(mail.from().address());
    }

    /** The mail's header block in order, each header unfolded: the order is what tells ours from theirs. */
    static List<String[]> headerBlock(byte[] raw) {
        return HeaderFields.of(raw);
    }

    /** Without the raw mail the order between header names is lost: our headers are the first ones. */
    private static List<String[]> fromParsed(InboundMail mail) {
        List<String[]> out = new ArrayList<>();
        List<String> values = mail.headers("authentication-results");
        if (!values.isEmpty()) {
            out.add(new String[]{"authentication-results", values.get(0)});
        }
        return out;
    }
}

package dev.mail2case.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static java.util.regex.Pattern.CASE_INSENSITIVE;

/**
 * Decides a bounce's reason, in sisimai's vocabulary, from the provider's code, the remote server's
 * words, the SMTP stage, the reply code and the status code. The phrase lists hold wording that means
 * the same whichever server writes it and serve every report format; the few phrases that belong to
 * one format say so in their rule id, so that the corpus evaluation can leave them out.
 */
final class BounceReasons {

    private final Rules rules;

    BounceReasons(Rules rules) {
        this.rules = rules;
    }

    /** Checked in order: the more specific wording first, since servers mix several in one line. */
    private static final Pattern ADDRESS = Pattern.compile("[\\w.!#$%&'*+/=?^`{|}~-]+@[\\w-]+(\\.[\\w-]+)*");

    /**
     * One reason's phrase list. Each alternative is a rule of its own, so that the evaluation can tell
     * which phrase decided and switch off the ones that only ever served one family's reports.
     */
    private record PhraseList(String reason, Pattern all, List<String> ids, List<Pattern> phrases) {
    }

    private static final List<PhraseList> TEXT = new ArrayList<>();

    private static void rule(String reason, String regex, String... families) {
        List<String> ids = new ArrayList<>();
        List<Pattern> phrases = new ArrayList<>();
        for (String alt : alternatives(regex)) {
            ids.add(Rules.id("phrase:" + reason + ":" + TEXT.size() + "." + ids.size() + ":" + alt, families));
            phrases.add(Pattern.compile(alt, CASE_INSENSITIVE));
        }
        TEXT.add(new PhraseList(reason, Pattern.compile(regex, CASE_INSENSITIVE), ids, phrases));
    }

    /** The top-level alternatives of a regular expression. */
    static List<String> alternatives(String regex) {
        List<String> out = new ArrayList<>();
        int depth = 0, from = 0;
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') inClass = false;
            } else if (c == '[') {
                inClass = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(regex.substring(from, i));
                from = i + 1;
            }
        }
        out.add(regex.substring(from));
        return out;
    }

    static {
        rule("userunknown", "not listed in (the )?[\\w &]{0,30}(directory|address book)", "lhost-domino", "lhost-notes");
        // Domino: the name matched several directory entries, or its router has no route to the user
        rule("systemerror", "several matches found in (the )?[\\w ]{0,30}directory", "lhost-domino");
        rule("filtered", "cannot route mail to user", "lhost-domino");
        rule("spamdetected", "rejected due to spam|spam classification|classified as spam|considered spam|flagged as spam");
        // refusals for the receiver's policy or for the content, said in words every server uses;
        // checked before the address reasons, since such a refusal often names the recipient too
        rule("policyviolation", "denied by policy|(not accepted|rejected) for policy reasons|rejected due to security polic(y|ies)|protocol violation|closed mailing list|not accepting mail with (attachments|embedded images)");
        rule("spamdetected", "content filter(ing)? (rejection|rejected)|unacceptable content|banned content|mail content denied|message content rejected|rejected as spam|looks like spam|probable spam|spam-like");
        rule("onhold", "\\bon hold\\b");
        rule("systemerror", "duplicated message-id|ldap server|could not load|internal server error|local configuration error");
        rule("systemerror", "forwarding loop broken|can't create user output file|internal error reading data|interrupted system call|encountered an error while being processed|mail system configuration error|system config(uration)? error|queue file write error|there is no mdb|remote server is misconfigured|temporary local problem|timeout waiting for input");
        rule("notcompliantrfc", "rfc ?5322|rfc ?2822|rfc ?822|not (rfc )?compliant|duplicate header|multiple (\\w+ )?(addresses|headers)|multiple .{0,60}in from");
        rule("notcompliantrfc", "rfcmessagenoncompliant|multiple [a-z-]+ headers?");
        rule("rejected", "sender address rejected|\\bnot (a )?member of (this|the) (mailing )?list|domain of sender|sender (address |domain )?(rejected|refused|denied|unknown|invalid|not allowed|verify failed)|permission to post|not allowed to post|投稿する権限|purported responsible address|from: domain is invalid|invalid sender|envelope sender|5\\.1\\.[78]\\b");
        rule("rejected", "administrative prohibition|badsendermx|sendernoa|members-only list|empty envelope senders?|null sender is not allowed|fully qualified (e-?mail )?address required|mail from not owned by user|returned mail not accepted here|sender is (a )?spammer|sender not pre-approved|sender domain (is empty|listed at)|unroutable sender address|server does not accept mail from|your e-?mail address has been blacklisted|emetteur invalide|is a dead domain");
        rule("failedstarttls", "(does not|doesn't) support (tls|starttls)|starttls (failed|negotiation failed)|tls (negotiation|handshake) failed|failed to establish tls");
        rule("authfailure", "\\b(spf|dmarc)\\b|\\bdkim\\b(?!-signature)|sender policy framework|authentication (check )?fail|not authenticated by|unauthenticated email|5\\.7\\.(23|26|509)\\b");
        rule("requireptr", "reverse (dns|lookup|hostname)|unverif[iy]?able (sending )?ips?\\b|mismatches client ip|invalid rdns|\\bptr\\b|cannot find your hostname|(no|missing) (reverse|rdns)|rdns|hostname.{0,60}does not resolve|resolve your (ip|address)|ip name lookup failed|5\\.7\\.25\\b");
        rule("requireptr", "no ptr record|ptr record setup|unresolvable relay host name|generic dns ptr|forward dns entry does not point");
        rule("badreputation", "reputation");
        rule("virusdetected", "virus|malware|infected|trojan");
        // a refusal for too many connections names the rate, not a block of the host
        rule("toomanyconn", "too many (connections|simultaneous|concurrent|sessions|recipients)|connection (limit|rate)|connections? from your");
        rule("toomanyconn", "maximum connection limit|per-domain connection limit|maximum (number of )?(simultaneous |concurrent |open )?connections|connection (count|number) (limit|exceeded)|too many open connections|exceeded (the )?(connection|session) limit|rate of connections|too many errors from your ip|too many smtp sessions|trop de connexions");
        rule("blocked", "spamhaus|spamcop|dnsbl|\\brbl\\b|client host (blocked|rejected)|ip source bloquee|your ip (address )?(has been )?(blocked|listed)");
        rule("spamdetected", "spam|junk mail|unsolicited|\\bube\\b|message content rejected|bulk mail|message.{0,60}(looks|considered|detected).{0,60}(suspicious|unsolicited)|scored too high|high probability|blacklisted (url|link)");
        rule("systemfull", "system full|insufficient system storage|no space left|disk full|insufficient disk space|5\\.3\\.1\\b");
        rule("mailboxfull", "mailbox (is )?full|mailbox exceeds|mail ?box.{0,60}(full|exceeded|over)|quota|over ?quota|full mailbox|account is full|storage (space|limit|allocation)|mailfolder is full|out of (disk )?space|user has too many messages|too much mail data|exceeded storage|mailbox size limit|maximum allowed size.{0,60}mailbox|is over the (allowed )?limit|box is full|size exceeds? quota|5\\.2\\.2\\b");
        rule("mailboxfull", "does not have enough space|not enough storage space|space has been used up|disc quota|disk space limit");
        // Exchange: the recipient's own size limit, not the server's
        rule("exceedlimit", "recipsizelimit|too large for this recipient");
        rule("mesgtoobig", "message (size )?exceeds (the )?(fixed |maximum )?(message )?size|message (is )?too (large|big)|size limit|exceeds.{0,60}(size|maximum message)|message size|too large|5\\.3\\.4\\b");
        rule("mesgtoobig", "maximum (inbound|incoming) message size|max(imum)? message size exceeded|line limit exceeded|message file too big|taille limite du message");
        rule("exceedlimit", "exceeds? (the )?(local |maximum )?limit|5\\.2\\.3\\b");
        rule("hasmoved", "has (been )?moved|address (has )?changed|no longer (at|with|valid|used).{0,60}(new address|forward)|5\\.1\\.6\\b");
        rule("filtered", "recipient preferences");
        // au (EZweb) answers its users' reception filters with this line and nothing else
        rule("filtered", "each of the following recipients was rejected by a remote mail server", "lhost-ezweb");
        rule("suspend", "(account|mailbox|user|address|recipient)[^.\\n]{0,40}(disabled|suspended|deactivated|inactive|not active|expired|locked|frozen|closed|blocked by administrator)|(disabled|suspended|deactivated|inactive) (account|mailbox|user)|temporarily (disabled|suspended)|has been (disabled|suspended)|5\\.7\\.13\\b");
        rule("suspend", "invalid/inactive user|deactivated mailbox|mailbox unavailable or access denied|user suspended|suspend(ed)? the service|account has been disabled or discontinued");
        rule("norelaying", "relay(ing)? (access )?(denied|not permitted|not allowed|prohibited|refused)|unable to relay|not permitted to relay|we do not relay|no relaying|not allowed to relay|relay not permitted|cannot relay|isn't allowed to relay|configured to relay|insecure mail relay|not a gateway|relay_denied|relay access");
        rule("norelaying", "\\bas a relay\\b|allowed to relay through|not an open relay|in my list of allowed rcpthosts?");
        rule("blocked", "blacklist|black list|blocklist|block list|\\brbl\\b|dnsbl|spamhaus|spamcop|sorbs|listed (in|on|at|by) [^\\n]{0,40}(\\bbl\\b|black|block|rbl|dnsbl|spam|abuse)|refused to talk|banned|after initial connection|open relay|messages from \\d{1,3}(\\.\\d{1,3}){3} (weren't|were not|are not) (sent|accepted)|service refused|smtp server of your isp|dynamic (ip|address)|dial-?up|residential (ip|address)|invalid ip|not accepting connections|\\b(ip|client host|your host)\\b[^.\\n]{0,30}(blocked|rejected|denied)|\\bblocked\\b(?!.{0,60}content)|5\\.7\\.606");
        rule("blocked", "access from ip address [^\\n]{0,40}blocked|bad sender ip address|(blocked|refused) - see https?://|client host [^\\n]{0,60}blocked using|connections (are )?not accepted from ip|currently sending spam|zombied|e-?mail blocked by|\\bgo away\\b|mail server at [^\\n]{0,60}is blocked|mail from \\d{1,3}(\\.\\d{1,3}){3} refused|rejected based on blacklist|no access from mail server|not currently accepting mail from your ip|on our block ?list|rejecting open proxy|sender ip (address|reverse lookup) rejected|forbidden by your ip|listed as abusive|too many spams from your ip|network is temporar(il)?y blacklisted|not allowed to connect|was blocked by");
        rule("notaccept", "does not accept (any )?mail|no mx record|no smtp service|not accept(ing)? (e-?)?mail|not accepting network messages|null ?mx|accepts no mail|mail is not accepted|5\\.7\\.27\\b");
        rule("mailererror", "mailer error|command died|pipe to|procmail|x-unix|unknown mailer|program.{0,60}(failed|exited)");
        rule("networkerror", "dns (query failed|error)|name server reply");
        rule("expired", "message expired|retry time(out)? (not )?exceeded|delivery time expired|in the queue too long|failed \\d+ attempts|not delivered within|could not be delivered for \\d+ (days|hours)|will be deleted from (the )?queue|could not send (mail|message) for (the )?past|did not accept our requests to connect|been failing for a long time");
        rule("expired", "could not find a gateway for|failed to deliver to domain [^\\n]{0,80} after \\d+ tries|giving up on|has not been collected after|expired after sitting in (the )?queue|not reachable within the allowed queue period|could not be delivered for more than");
        rule("networkerror", "dns error|name server reply|connection (refused|timed out|reset|closed|dropped)|timed out while|network (is )?unreachable|lost connection|could not connect|no route to host|loops? back|mail loop|too many hops|hop count|routing loop|temporary lookup failure");
        rule("networkerror", "could not connect and send|dns records for the destination computer could not be found|host is unreachable|host name lookup failure|host not found, try again|forwarding loop|message looping|unable to resolve route");
        rule("hostunknown", "host (or domain name )?not found|domain (name )?not found|unknown host|host unknown|no such (domain|host)|domain (does not|doesn't|did not) exist|name service error|unrouteable (mail domain|address)|unroutable domain|unknown domain|domain.{0,60}(is )?not (exist|found|valid|reachable)|nxdomain|host.{0,60}not found|invalid domain|domain is not (configured|hosted)|address does not have a valid domain|bad destination host|hostname.{0,60}could not be resolved|couldn't find a mail exchanger|5\\.1\\.2\\b|5\\.4\\.4\\b");
        rule("hostunknown", "domain must exist|mail domain mentioned in (the )?e-?mail address is unknown|name or service not known|unknown domain name");
        // "example.com does not exist": a domain, not a mailbox
        rule("hostunknown", "(?<![@\\w.-])[a-z0-9-]+(\\.[a-z0-9-]+)+\\.?\\s+does not exist");
        // a refusal on policy or content grounds that also names the recipient is still about the policy
        rule("policyviolation", "(rejected|refused|denied|blocked|not accepted) (due to|by|because of|for) [^\\n]{0,40}\\b(policy|policies|content restrictions?)\\b|violat(es|ion of) [^\\n]{0,30}polic(y|ies)|policy (rejection|restrictions?)|content restrictions?");
        rule("userunknown", "user unknown|recipient name is not recognized|unknown recipient|address not found|address couldn't be found|invalid final delivery userid|unknown user|no such (user|mailbox|recipient|account|address|person|local user)|mailbox (is )?(unavailable|not found|does not exist|doesn't exist|unknown|not exist)|(does not|doesn't|not) exist|invalid (recipient|mailbox|address|user)|recipient (address )?(unknown|not found|invalid)|not (a )?valid (recipient|mailbox|user|address)|unknown (recipient|address|local[- ]part|mailbox|alias|account)|user not found|no mailbox|mailbox not found|illegal alias|recipient not found|not our customer|addressee unknown|bad destination mailbox|user (doesn't|does not|not) (have|exist)|no account by that name|is not a known user|unknown or illegal|undeliverable address|user.{0,60}not.{0,60}(found|exist)|account.{0,60}(not exist|doesn't exist|does not exist|not found|unavailable)|couldn't find (the )?recipient|recipient.{0,60}not.{0,60}(found|exist)|no valid recipients|mailbox.{0,60}invalid|invalid mailbox|recipientnotfound|5\\.1\\.1\\b|5\\.1\\.3\\b|5\\.4\\.1\\b");
        rule("userunknown", "address (does not exist|unknown)|archived recipient|bad[-_ ]recipient|can't accept user|destination addresses were unknown|destination server rejected recipients|e-?mail address (does not exist|could not be found)|is not an active address|no mail ?box available for this user|non-?existent user|not a local address|recipient is not local|mailbox not present|there is no one at this address|this address no longer accepts mail|no longer valid|missing home directory|user not (active|known)|unknown virtual user|badrcptto|nosuchuser");
        rule("expired", "retry time(out)? (not )?exceeded|message expired|was aborted after|delivery time expired|could not be delivered within|giving up|queue ?time|in the queue too long|too long in (the )?queue|delivery expired|message timed? out|unable to deliver.{0,60}within|retry.{0,60}expired|been failing for a long time|last tried|for more than \\d+ (hours|days)|expired|4\\.4\\.7\\b");
        rule("speeding", "rate limit|sending rate|too many messages|too fast|slow down");
        rule("networkerror", "4\\.4\\.[12]\\b|5\\.4\\.6\\b");
        // refused in reply to MAIL FROM, with no better words: the sender was refused
        rule("rejected", "after mail from");
        rule("securityerror", "authentication required|smtp authentication|auth capability|auth.{0,60} required|tls required|encryption required|must (issue a )?starttls|secure connection|not authorized|unauthorized|unauthenticated|5\\.7\\.0\\b");
        rule("securityerror", "authentication (credentials invalid|failure)|verification failure|not authorized to send mail|authentification (invalide|requise)");
        rule("policyviolation", "policy|violation|prohibited|not allowed|5\\.7\\.9\\b");
        rule("filtered", "filtered|recipient preferences|refused by recipient|rejected by (the )?(recipient|user)|delivery not authorized|recipient.{0,60}(refuse|does not accept mail from)|message refused|not authorized to receive|is restricted|5\\.2\\.0\\b|5\\.2\\.1\\b");
        rule("syntaxerror", "syntax error|incorrectly constructed|command unrecognized|unrecognized command|bad sequence|not implemented|5\\.5\\.[1-4]\\b");
        rule("contenterror", "content error|media error|invalid content|header (error|invalid)|5\\.6\\.\\d\\b");
        // Google Groups refuses posts from non-members in the poster's language; the link is constant
        rule("rejected", "groups\\.google\\.com/support|google groups", "lhost-googlegroups");
        rule("systemerror", "system error|internal error|server error|local error|configuration error|temporary failure|transaction failed|service (currently )?(not )?(un)?available|try again later|5\\.3\\.[035]\\b");
    }

    private static final Pattern SYNTAX_REPLY = Pattern.compile("^\\W{0,4}50[0-4][ -]");
    private static final Pattern NO_MAIL_REPLY = Pattern.compile("^\\W{0,4}(521|556)[ -]");
    private static final Pattern RCPT = Pattern.compile("\\brcpt(?![a-z])", CASE_INSENSITIVE);
    // x.1.x and x.4.1 are the codes a server gives a mailbox it does not have
    private static final Pattern ADDRESS_STATUS = Pattern.compile("^\\d\\.(1\\.\\d+|4\\.1)$");
    private static final Pattern SENDER_STAGE = Pattern.compile(
            "in reply to mail from|after mail from|but sender was rejected", CASE_INSENSITIVE);
    private static final Pattern GREETING_STAGE = Pattern.compile(
            "in reply to (helo|ehlo) command|after (helo|ehlo)\\b|after initial connection|greeting failed", CASE_INSENSITIVE);
    private static final Pattern ABOUT_AN_ADDRESS = Pattern.compile("userunknown|hostunknown|filtered|suspend|onhold");
    private static final Pattern VAGUE_FOR_DELAY = Pattern.compile("networkerror|syntaxerror|systemerror|hostunknown");
    private static final Pattern AFTER_DATA = Pattern.compile(
            "after end of data|in reply to (end of )?data( command)?|after data|while sending data|\\(in reply to data command\\)", CASE_INSENSITIVE);
    /** A sendmail transcript showing the refusal right after DATA. */
    private static final Pattern TRANSCRIPT_DATA = Pattern.compile(">>> data\\s+<<< ?[45]", CASE_INSENSITIVE);

    /**
     * A provider's own code first (unambiguous where present), then the reply's words, the SMTP stage,
     * the RFC 5321/7504 reply code and the RFC 3463 status, the whole report last. Words go before
     * the status since servers use codes loosely ("5.2.1 ... User Unknown", "5.1.0 ... sender rejected").
     *
     * @param delayed the notice is a delay warning, not a final failure
     */
    String decide(String diag, String status, String report, boolean delayed, String diagnosticType) {
        String all = (diag == null ? "" : diag) + "\n" + (report == null ? "" : report);
        String r = ProviderVerdicts.of(all, rules);
        if (r != null) return r;
        // with several recipients the first one's answer decides, as it does for the status
        r = diag == null ? null : fromText(diag.lines().findFirst().orElse(""));
        if (r == null) r = fromText(diag);
        boolean senderStage = SENDER_STAGE.matcher(all).find();
        // refused at MAIL FROM: an unknown address or domain there is the sender's, and vague words too
        if (senderStage && (r == null || ABOUT_AN_ADDRESS.matcher(r).matches())) return "rejected";
        // refused at the greeting, before any address was given: the sending host itself is refused
        if (r == null && GREETING_STAGE.matcher(all).find()) return "blocked";
        // RFC 7504: 521 and 556 say the host or domain accepts no mail at all
        if (r == null && diag != null && NO_MAIL_REPLY.matcher(diag).find()) r = "notaccept";
        // RFC 5321: 500-504 answer a command the server could not parse or does not implement
        if (r == null && diag != null && SYNTAX_REPLY.matcher(diag).find() && (status == null || status.endsWith(".0.0"))) r = "syntaxerror";
        if (r == null) {
            r = fromStatus(status);
            // a delay's status names a class of trouble, rarely its cause
            if (delayed && r != null && VAGUE_FOR_DELAY.matcher(r).matches()) r = null;
        }
        // "Diagnostic-Code: X-Unix; 71": the local delivery program failed, not a remote server
        if (r == null && ("x-unix".equals(diagnosticType) || "x-postfix".equals(diagnosticType))) r = "mailererror";
        if ("userunknown".equals(r)) r = unknownUser(status, all);
        if (r == null) {
            r = fromText(report);
            // the reporting server's own prose ("The recipient name is not recognized") is not a reply
            if ("userunknown".equals(r) && AFTER_DATA.matcher(all).find()) r = "filtered";
        }
        // sisimai's vocabulary: a delay without a named cause is "expired" (not yet final: the kind
        // says so), a failure whose words name nothing known is "onhold"
        if (r == null && delayed) r = "expired";
        if (r == null && diag != null) r = "onhold";
        return r == null ? "undefined" : r;
    }

    String decide(String diag, String status, String report) {
        return decide(diag, status, report, false, null);
    }

    /**
     * A reply saying "user unknown" proves an unknown mailbox when coded x.1.x or said at RCPT. Said
     * after the content, or at no stated point, it is the recipient's filter answering (sisimai's
     * convention), unless the status names the mailbox's state.
     */
    private static String unknownUser(String status, String all) {
        if (AFTER_DATA.matcher(all).find()) return "filtered";
        if (status != null && ADDRESS_STATUS.matcher(status).find()) return "userunknown";
        if (TRANSCRIPT_DATA.matcher(all).find()) return "filtered";
        if (RCPT.matcher(all).find()) return "userunknown";
        String byStatus = fromStatus(status);
        if ("suspend".equals(byStatus) || "mailboxfull".equals(byStatus)) return byStatus;
        return "filtered";
    }

    /** The reason the words name, or null. */
    String fromText(String text) {
        if (text == null || text.isBlank()) return null;
        // an address's local part ("no-such-user@", "does-not-exist@") is a name, not a reason
        String words = ADDRESS.matcher(text).replaceAll(" ");
        for (PhraseList list : TEXT) {
            if (!list.all().matcher(words).find()) continue;
            // in service every phrase takes part and none is traced: the whole list's match decides
            if (rules == Rules.ALL) return list.reason();
            for (int i = 0; i < list.phrases().size(); i++) {
                String id = list.ids().get(i);
                if (rules.on(id) && list.phrases().get(i).matcher(words).find()) {
                    rules.used(id);
                    return list.reason();
                }
            }
        }
        return null;
    }

    /** The reason an enhanced status code alone stands for, or null when it is too vague. */
    static String fromStatus(String status) {
        if (status == null) return null;
        String s = status.toLowerCase(Locale.ROOT);
        String sub = s.length() > 2 ? s.substring(2) : "";
        return switch (sub) {
            case "1.1", "1.0", "1.3", "1.4" -> "userunknown";
            // RFC 7505: the domain publishes a null MX
            case "1.10" -> "notaccept";
            case "1.2", "4.4" -> "hostunknown";
            case "1.6" -> "hasmoved";
            case "1.7", "1.8" -> "rejected";
            case "7.27" -> "notaccept";
            case "2.0" -> "filtered";
            // RFC 3463: mailbox disabled, not accepting messages
            case "2.1" -> "suspend";
            case "2.2" -> "mailboxfull";
            case "2.3" -> "exceedlimit";
            case "3.4" -> "mesgtoobig";
            case "3.1" -> "systemfull";
            // RFC 3463: X.3.2 system not accepting network messages
            case "3.2" -> "notaccept";
            case "3.0", "3.3", "3.5", "2.4" -> "systemerror";
            case "4.7" -> "expired";
            case "4.1", "4.2", "4.6", "4.0" -> "networkerror";
            case "5.1", "5.2", "5.3", "5.4", "5.5" -> "syntaxerror";
            case "6.0", "6.1", "6.2", "6.3", "6.4", "6.5" -> "contenterror";
            case "7.0", "7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.11", "7.12" -> "securityerror";
            case "7.9" -> "policyviolation";
            case "7.13" -> "suspend";
            case "7.25" -> "requireptr";
            case "7.23", "7.26", "7.509" -> "authfailure";
            // RFC 3463 classes: X.6.x media (content), X.7.x security or policy
            default -> sub.startsWith("6.") ? "contenterror" : sub.startsWith("7.") ? "securityerror" : null;
        };
    }
}

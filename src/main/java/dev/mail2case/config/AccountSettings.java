package dev.mail2case.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One inbound mail account, read from {@code mail2case.account.<id>.*}. Each becomes one route from
 * the {@code mail-account} template.
 */
public record AccountSettings(String id, String protocol, String host, int port, String username, String password,
                              String address, String folder, String afterProcessing, String moveTo,
                              String purpose, String unknownSenders, long pollDelayMillis, int maxMessagesPerPoll,
                              boolean startTls, int maxAttempts, java.util.Set<String> accepts,
                              boolean domainMatch, String replyToClosed, int reopenWithinDays,
                              String nonParticipant, List<String> forwarders, long maxMessageBytes,
                              long maxPartBytes, boolean poll, String auth,
                              dev.mail2case.config.OAuth2Settings oauth2, int errorBackoffPolls, boolean push,
                              int idleReissueSeconds, java.util.Set<String> authservIds,
                              String unverifiedSender, int consumers) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public static List<AccountSettings> all(Settings settings) {
        List<String> ids = settings.list("mail2case.accounts");
        if (ids.isEmpty()) {
            throw new SettingException("mail2case.accounts", "is missing: list the account ids, comma-separated");
        }
        List<AccountSettings> out = new ArrayList<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        for (String id : ids) {
            if (!ID.matcher(id).matches()) {
                throw new SettingException("mail2case.accounts", "names '" + id
                        + "', but an account id is lower-case letters, digits and dashes");
            }
            AccountSettings account = of(settings, id);
            String previous = addresses.put(account.address().toLowerCase(Locale.ROOT), id);
            if (previous != null) {
                throw new SettingException(key(id, "address"), "is the same as account '" + previous + "'");
            }
            out.add(account);
        }
        if (out.stream().noneMatch(AccountSettings::poll)) {
            throw new SettingException("mail2case.accounts", "has no account to poll: every one has poll=false");
        }
        return out;
    }

    static String key(String id, String name) {
        return "mail2case.account." + id + "." + name;
    }

    public static AccountSettings of(Settings s, String id) {
        String protocol = s.oneOf(key(id, "protocol"), "imap", "imap", "imaps", "pop3", "pop3s", "graph");
        boolean graph = protocol.equals("graph");
        int defaultPort = switch (protocol) {
            case "imap" -> 143;
            case "imaps" -> 993;
            case "pop3" -> 110;
            case "graph" -> 443;
            default -> 995;
        };
        String address = s.require(key(id, "address"));
        if (!ADDRESS.matcher(address).matches()) {
            throw new SettingException(key(id, "address"), "is '" + address + "' but must be a mail address");
        }
        String after = s.oneOf(key(id, "after-processing"), protocol.startsWith("pop3") ? "delete" : "seen",
                "seen", "delete", "move");
        String moveTo = s.get(key(id, "move-to"), "");
        if (after.equals("move")) {
            if (moveTo.isEmpty()) {
                throw new SettingException(key(id, "move-to"), "is missing: after-processing=move needs a folder");
            }
            if (protocol.startsWith("pop3")) {
                throw new SettingException(key(id, "after-processing"), "is 'move', but POP3 has no folders");
            }
        }
        if (after.equals("seen") && protocol.startsWith("pop3")) {
            throw new SettingException(key(id, "after-processing"),
                    "is 'seen', but POP3 keeps no seen flag: use 'delete'");
        }
        // A settings-only account has no mailbox of its own: mail for its address arrives in another
        // account's mailbox, and its settings apply to that mail.
        boolean poll = s.bool(key(id, "poll"), true);
        // Graph has no password login: its mailbox is read with the app's token only.
        String auth = graph ? s.oneOf(key(id, "auth"), "oauth2", "oauth2")
                : s.oneOf(key(id, "auth"), "password", "password", "oauth2");
        boolean oauth = poll && auth.equals("oauth2");
        String username = !poll ? "" : graph ? s.get(key(id, "username"), address) : s.require(key(id, "username"));
        return new AccountSettings(id, protocol,
                poll && !graph ? s.require(key(id, "host")) : s.get(key(id, "host"), graph ? "graph.microsoft.com" : ""),
                s.integer(key(id, "port"), defaultPort, 1, 65535),
                username, poll && !oauth ? s.require(key(id, "password")) : s.get(key(id, "password"), ""), address,
                s.get(key(id, "folder"), "INBOX"), after, moveTo,
                s.oneOf(key(id, "purpose"), "client-support", "client-support", "work-request", "internal-support"),
                s.oneOf(key(id, "unknown-senders"), "accept-unregistered", "reject", "accept-unregistered", "ignore"),
                s.integer(key(id, "poll-delay-ms"), 30_000, 100, 86_400_000),
                s.integer(key(id, "max-messages-per-poll"), 20, 1, 10_000),
                s.bool(key(id, "starttls"), false),
                s.integer(key(id, "max-attempts"), s.integer("mail2case.intake.max-attempts", 3, 1, 100), 1, 100),
                accepts(s, id), s.bool(key(id, "domain-match"), false),
                s.oneOf(key(id, "reply-to-closed"), "reopen-within", "reopen", "new-linked", "reopen-within", "reject"),
                s.integer(key(id, "reopen-within-days"), 14, 0, 3650),
                s.oneOf(key(id, "non-participant"), "comment", "comment", "new-case"),
                s.list(key(id, "forwarders")),
                s.integer(key(id, "max-message-mb"), 50, 1, 2000) * 1024L * 1024L,
                s.integer(key(id, "max-part-mb"), 25, 1, 2000) * 1024L * 1024L, poll, auth,
                oauth ? dev.mail2case.config.OAuth2Settings.of(s, "mail2case.account." + id, graph, username) : null,
                s.integer(key(id, "error-backoff-polls"), 20, 1, 1000), push(s, id, protocol),
                s.integer(key(id, "idle-reissue-seconds"), 600, 1, 1740), authservIds(s, id),
                s.oneOf(key(id, "unverified-sender"), "flagged", "unknown", "flagged", "refused"),
                consumers(s, id, protocol));
    }

    /** Threads that take an IMAP account's mail side by side; POP3 and Graph take theirs one at a time. */
    private static int consumers(Settings s, String id, String protocol) {
        int consumers = s.integer(key(id, "consumers"), 1, 1, 16);
        if (consumers > 1 && !protocol.startsWith("imap")) {
            throw new SettingException(key(id, "consumers"), "is " + consumers + ", but only IMAP accounts"
                    + " take mail on more than one thread");
        }
        return consumers;
    }

    /** The authserv-ids of the account's own receiving server; none means no sender check. */
    private static java.util.Set<String> authservIds(Settings s, String id) {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (String v : s.list(key(id, "authserv-id"))) {
            if (!v.matches("[^\\s;=()\"]+")) {
                throw new SettingException(key(id, "authserv-id"), "names '" + v
                        + "', but an authserv-id is one word, as the server writes it before the first ';'");
            }
            ids.add(v.toLowerCase(Locale.ROOT));
        }
        return java.util.Collections.unmodifiableSet(ids);
    }

    /** IMAP IDLE: a new mail is taken at once instead of at the next poll; polling goes on beside it. */
    private static boolean push(Settings s, String id, String protocol) {
        boolean push = s.bool(key(id, "push"), false);
        if (push && !protocol.startsWith("imap")) {
            throw new SettingException(key(id, "push"), "is true, but only IMAP accounts can be pushed (IDLE)");
        }
        return push;
    }

    /** Whether logins use an OAuth2 access token (SASL XOAUTH2, or Graph's bearer) instead of a password. */
    public boolean oauth2Login() {
        return oauth2 != null;
    }

    private static final java.util.Map<String, String> KINDS = java.util.Map.of(
            "client-contacts", "CLIENT_CONTACT", "employees", "EMPLOYEE", "tenants", "TENANT");

    /** Which kinds of contact the account takes mail from; the rest count as unknown senders. */
    private static java.util.Set<String> accepts(Settings s, String id) {
        List<String> names = s.list(key(id, "accepts"));
        if (names.isEmpty()) {
            return java.util.Set.copyOf(KINDS.values());
        }
        java.util.Set<String> kinds = new java.util.HashSet<>();
        for (String n : names) {
            String kind = KINDS.get(n.toLowerCase(Locale.ROOT));
            if (kind == null) {
                throw new SettingException(key(id, "accepts"), "names '" + n
                        + "' but must list client-contacts, employees or tenants");
            }
            kinds.add(kind);
        }
        return java.util.Set.copyOf(kinds);
    }

    /** Parameters for the {@code mail-account} route template. */
    public Map<String, Object> templateParameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("accountId", id);
        p.put("protocol", protocol);
        p.put("host", host);
        p.put("port", port);
        p.put("username", username);
        p.put("password", password);
        p.put("folder", folder);
        p.put("delete", afterProcessing.equals("delete"));
        p.put("moveTo", afterProcessing.equals("move") ? moveTo : "");
        p.put("pollDelay", pollDelayMillis);
        p.put("maxMessagesPerPoll", maxMessagesPerPoll);
        p.put("consumers", consumers);
        p.put("startTls", startTls);
        // With tokens, a login per poll: a revoked or expired credential shows at once, and an access
        // token never outlives the session it opened.
        p.put("disconnect", oauth2Login());
        return p;
    }

    @Override
    public String toString() {
        if (protocol.equals("graph")) {
            return id + " (graph: " + username + "/" + folder + ")";
        }
        return id + " (" + protocol + "://" + username + "@" + host + ":" + port + "/" + folder + ")";
    }
}

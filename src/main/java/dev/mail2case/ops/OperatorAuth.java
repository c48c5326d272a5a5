package dev.mail2case.ops;

import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import org.apache.camel.Exchange;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bearer tokens for the operators' API, one per operator: {@code mail2case.api.operators=alice,bob}
 * and {@code mail2case.api.operator.alice.token={{env:ALICE_API_TOKEN}}}. The operator's name is what
 * operator actions are recorded with. With no operators configured every API call is refused.
 * The console signs in once with the token and then carries an HttpOnly, SameSite=Strict session cookie
 * signed with that token, so the token never sits in a URL, a page or a log; changing the token ends
 * its sessions.
 */
public class OperatorAuth {
    /** Exchange property: the name of the authenticated operator (String). */
    public static final String OPERATOR = "mail2caseOperator";

    /** The request carried no valid token. */
    public static class Unauthorized extends RuntimeException {
        public Unauthorized(String message) {
            super(message);
        }
    }

    /** The console's session cookie. */
    public static final String COOKIE = "mail2case_session";
    /** Header the console sends with every change, so that no other page can make one with the cookie. */
    public static final String CONSOLE_HEADER = "X-Mail2case-Console";
    private static final String BY_COOKIE = "mail2caseOperatorByCookie";
    private static final Duration SESSION = Duration.ofHours(12);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private final Map<String, byte[]> tokens;
    private final boolean secureCookie;

    public OperatorAuth(Map<String, String> tokens) {
        this(tokens, false);
    }

    public OperatorAuth(Map<String, String> tokens, boolean secureCookie) {
        this.tokens = new LinkedHashMap<>();
        this.secureCookie = secureCookie;
        tokens.forEach((name, token) -> this.tokens.put(name, token.getBytes(StandardCharsets.UTF_8)));
    }

    public static OperatorAuth from(Settings settings) {
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String name : settings.list("mail2case.api.operators")) {
            if (!NAME.matcher(name).matches()) {
                throw new SettingException("mail2case.api.operators", "names '" + name
                        + "', but an operator name is letters, digits, dots, dashes and underscores");
            }
            String key = "mail2case.api.operator." + name + ".token";
            String token = settings.require(key);
            if (token.length() < 16) {
                throw new SettingException(key, "is shorter than 16 characters");
            }
            tokens.put(name, token);
        }
        return new OperatorAuth(tokens, settings.get("mail2case.server-url", "").startsWith("https:"));
    }

    public void check(Exchange exchange) {
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        String header = exchange.getIn().getHeader("Authorization", String.class);
        if (header == null) {
            String session = cookie(exchange.getIn().getHeader("Cookie", String.class));
            if (session != null) {
                String operator = sessionOperator(session, System.currentTimeMillis());
                if (operator == null) {
                    throw new Unauthorized("the session has ended; sign in again");
                }
                String method = exchange.getIn().getHeader(Exchange.HTTP_METHOD, String.class);
                if (!"GET".equals(method) && !"HEAD".equals(method)
                        && exchange.getIn().getHeader(CONSOLE_HEADER) == null) {
                    throw new Unauthorized("a change through the session needs the " + CONSOLE_HEADER + " header");
                }
                exchange.setProperty(OPERATOR, operator);
                exchange.setProperty(BY_COOKIE, true);
                return;
            }
        }
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new Unauthorized("an operator token is required (Authorization: Bearer ...)");
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        String match = null;
        for (Map.Entry<String, byte[]> e : tokens.entrySet()) {
            if (MessageDigest.isEqual(e.getValue(), given)) {
                match = e.getKey();
            }
        }
        if (match == null) {
            throw new Unauthorized("the operator token is not valid");
        }
        exchange.setProperty(OPERATOR, match);
    }

    /** POST /api/session with the operator's token: answers with the session cookie. */
    public String signIn(Exchange exchange) {
        if (exchange.getProperty(BY_COOKIE) != null) {
            throw new IllegalArgumentException("Authorization: sign in with the operator token, not with a session");
        }
        String operator = exchange.getProperty(OPERATOR, String.class);
        long until = System.currentTimeMillis() + SESSION.toMillis();
        String value = operator + ":" + until + ":" + sign(tokens.get(operator), operator + ":" + until);
        exchange.getIn().setHeader("Set-Cookie", COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + SESSION.toSeconds() + (secureCookie ? "; Secure" : ""));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"operator\":\"" + operator + "\"}";
    }

    /** GET /api/session: who is signed in. */
    public String whoAmI(Exchange exchange) {
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"operator\":\"" + exchange.getProperty(OPERATOR, String.class) + "\"}";
    }

    /** DELETE /api/session: the browser forgets the cookie. */
    public String signOut(Exchange exchange) {
        exchange.getIn().setHeader("Set-Cookie", COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secureCookie ? "; Secure" : ""));
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"signedOut\":true}";
    }

    /** The operator a session cookie value stands for, or null when it is forged, altered or expired. */
    String sessionOperator(String value, long now) {
        String[] parts = value.split(":", -1);
        if (parts.length != 3 || !tokens.containsKey(parts[0])) {
            return null;
        }
        long until;
        try {
            until = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        byte[] expected = sign(tokens.get(parts[0]), parts[0] + ":" + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII)) || until < now) {
            return null;
        }
        return parts[0];
    }

    private static String cookie(String header) {
        if (header == null) {
            return null;
        }
        for (String c : header.split(";")) {
            String t = c.trim();
            if (t.startsWith(COOKIE + "=")) {
                return t.substring(COOKIE.length() + 1);
            }
        }
        return null;
    }

    private static String sign(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

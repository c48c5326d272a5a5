package dev.mail2case.ops;

import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bearer tokens for the operators' API, one per operator: {@code mail2case.api.operators=alice,bob}
 * and {@code mail2case.api.operator.alice.token={{env:ALICE_API_TOKEN}}}. The operator's name is what
 * operator actions are recorded with. With no operators configured every API call is refused.
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

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private final Map<String, byte[]> tokens;

    public OperatorAuth(Map<String, String> tokens) {
        this.tokens = new LinkedHashMap<>();
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
        return new OperatorAuth(tokens);
    }

    public void check(Exchange exchange) {
        String header = exchange.getIn().getHeader("Authorization", String.class);
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
}

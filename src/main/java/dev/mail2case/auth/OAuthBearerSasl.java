package dev.mail2case.auth;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslException;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Map;

/**
 * The SASL OAUTHBEARER mechanism (RFC 7628) for Jakarta Mail's SASL support, which has XOAUTH2 built in
 * but not OAUTHBEARER. Jakarta Mail hands over the user and the access token as name and password.
 */
public final class OAuthBearerSasl implements SaslClientFactory {
    public static final String MECHANISM = "OAUTHBEARER";
    private static boolean installed;

    /** Makes the mechanism known to {@code javax.security.sasl.Sasl}, once per JVM. */
    public static synchronized void install() {
        if (!installed) {
            Provider provider = new Provider("mail2case-oauthbearer", "1.0", "SASL OAUTHBEARER (RFC 7628)") {
            };
            provider.put("SaslClientFactory." + MECHANISM, OAuthBearerSasl.class.getName());
            Security.addProvider(provider);
            installed = true;
        }
    }

    @Override
    public SaslClient createSaslClient(String[] mechanisms, String authorizationId, String protocol, String serverName,
                                       Map<String, ?> props, CallbackHandler handler) throws SaslException {
        return Arrays.asList(mechanisms).contains(MECHANISM) ? new Client(handler) : null;
    }

    @Override
    public String[] getMechanismNames(Map<String, ?> props) {
        return new String[] {MECHANISM};
    }

    private static final class Client implements SaslClient {
        private final CallbackHandler handler;
        private boolean sent;
        private boolean complete;

        Client(CallbackHandler handler) {
            this.handler = handler;
        }

        @Override
        public String getMechanismName() {
            return MECHANISM;
        }

        @Override
        public boolean hasInitialResponse() {
            return true;
        }

        @Override
        public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
            if (!sent) {
                sent = true;
                NameCallback name = new NameCallback("user");
                PasswordCallback token = new PasswordCallback("access token", false);
                try {
                    handler.handle(new Callback[] {name, token});
                } catch (Exception e) {
                    throw new SaslException("no user or access token for OAUTHBEARER", e);
                }
                char[] secret = token.getPassword();
                if (secret == null) {
                    throw new SaslException("no access token for OAUTHBEARER");
                }
                String user = name.getName().replace("=", "=3D").replace(",", "=2C");
                return ("n,a=" + user + ",\u0001auth=Bearer " + new String(secret) + "\u0001\u0001")
                        .getBytes(StandardCharsets.UTF_8);
            }
            // The server refused the token and sent its error as a challenge: end the exchange (RFC 7628 3.2.3).
            complete = true;
            return new byte[] {1};
        }

        /** Not before the server's answer: a refusal comes as one more challenge, which must be answered. */
        @Override
        public boolean isComplete() {
            return complete;
        }

        @Override
        public byte[] unwrap(byte[] incoming, int offset, int len) {
            throw new IllegalStateException("OAUTHBEARER has no security layer");
        }

        @Override
        public byte[] wrap(byte[] outgoing, int offset, int len) {
            throw new IllegalStateException("OAUTHBEARER has no security layer");
        }

        @Override
        public Object getNegotiatedProperty(String name) {
            return null;
        }

        @Override
        public void dispose() {
        }
    }
}

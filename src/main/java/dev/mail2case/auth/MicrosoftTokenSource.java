package dev.mail2case.auth;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalException;

import javax.net.ssl.SSLSocketFactory;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Microsoft 365 (Entra ID): the client credentials flow of an app registration, with a client secret or
 * a certificate, through Microsoft's own library. The app acts for any mailbox it was granted.
 */
public final class MicrosoftTokenSource implements TokenSource {
    private final ConfidentialClientApplication app;
    private final String scope;
    private final String clientId;
    private final String authority;

    /**
     * @param authorityHost {@code https://login.microsoftonline.com} or a national cloud's
     * @param certificate   a PKCS#12 file with the private key, or null to use the secret
     * @param tls           null for the JVM's trust store
     */
    public MicrosoftTokenSource(String authorityHost, String tenant, String clientId, String secret, Path certificate,
                                String certificatePassword, String scope, SSLSocketFactory tls) {
        this.clientId = clientId;
        this.scope = scope;
        this.authority = authorityHost.replaceAll("/+$", "") + "/" + tenant + "/";
        IClientCredential credential;
        if (certificate != null) {
            try (InputStream in = Files.newInputStream(certificate)) {
                credential = ClientCredentialFactory.createFromCertificate(in,
                        certificatePassword == null ? "" : certificatePassword);
            } catch (Exception e) {
                throw new IllegalArgumentException("cannot be read as a PKCS#12 certificate with its key: "
                        + e.getMessage());
            }
        } else {
            credential = ClientCredentialFactory.createFromSecret(secret);
        }
        try {
            var builder = ConfidentialClientApplication.builder(clientId, credential).authority(authority)
                    .connectTimeoutForDefaultHttpClient(10_000).readTimeoutForDefaultHttpClient(30_000);
            if (!authorityHost.startsWith("https://login.microsoftonline.")) {
                // A private or test authority: no discovery round-trip to the public cloud.
                builder.instanceDiscovery(false).validateAuthority(false);
            }
            if (tls != null) {
                builder.sslSocketFactory(tls);
            }
            app = builder.build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("gives no valid authority " + authority + ": " + e.getMessage());
        }
    }

    @Override
    public AccessToken fetch() {
        try {
            IAuthenticationResult result = app.acquireToken(ClientCredentialParameters.builder(Set.of(scope))
                    .skipCache(true).build()).get(60, TimeUnit.SECONDS);
            return new AccessToken(result.accessToken(), result.expiresOnDate().toInstant());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String code = cause instanceof MsalException m && m.errorCode() != null ? m.errorCode() + ": " : "";
            throw new TokenException("Microsoft identity platform refused client " + clientId + ": " + code
                    + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new TokenException("Microsoft identity platform did not answer within 60 s for client " + clientId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted while asking for a token", e);
        }
    }

    @Override
    public String describe() {
        return "Microsoft app " + clientId + " at " + authority;
    }
}

package dev.mail2case.graph;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.auth.TokenCache;
import dev.mail2case.auth.TokenSources;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import org.apache.camel.spi.Registry;

import java.time.Clock;

/** Binds the {@code graphMailbox-ID} bean of an account with {@code protocol=graph}. */
public final class GraphAccounts {
    public static final String DEFAULT_URL = "https://graph.microsoft.com/v1.0";

    private GraphAccounts() {
    }

    public static void bind(Registry registry, Settings settings, AccountSettings a, Database database,
                            AccountStatus status, Clock clock) {
        String key = "mail2case.account." + a.id() + ".graph-url";
        String url = settings.get(key, settings.get("mail2case.graph.url", DEFAULT_URL));
        if (!url.matches("https?://\\S+")) {
            throw new SettingException(key, "is '" + url + "' but must be an http(s) URL such as " + DEFAULT_URL);
        }
        status.register(a.id(), "poll graph every " + a.pollDelayMillis() + " ms");
        GraphClient client = new GraphClient(url, new TokenCache(TokenSources.of(a.oauth2(), clock), clock));
        registry.bind("graphMailbox-" + a.id(), new GraphMailbox(a, client, database, status, clock));
    }
}

package dev.mail2case.ops;

import dev.mail2case.config.Database;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.sql.Connection;
import java.util.Collection;
import java.util.Map;

/**
 * Readiness: PostgreSQL answers within two seconds. A Camel health check for readiness only, so a
 * database outage makes replicas unready (no API traffic, mail waits on the server) and never restarts
 * them. Liveness is Camel's own context check. {@link #check} answers {@code GET /api/health} with the
 * same readiness.
 */
public class Health extends AbstractHealthCheck {
    private final Database database;
    private final dev.mail2case.auth.AccountStatus accounts;

    public Health(Database database) {
        this(database, null);
    }

    /** With the accounts' read state: a DEGRADED account is reported but keeps the service up. */
    public Health(Database database, dev.mail2case.auth.AccountStatus accounts) {
        super("mail2case", "database");
        this.database = database;
        this.accounts = accounts;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection c = database.dataSource().getConnection()) {
            if (c.isValid(2)) {
                builder.up();
            } else {
                builder.down().message("PostgreSQL did not answer within two seconds");
            }
        } catch (Exception e) {
            builder.down().message("PostgreSQL cannot be reached: " + e.getMessage()).error(e);
        }
    }

    /** {@code GET /api/health}: 200 and UP when every readiness check is up, else 503. */
    public String check(Exchange exchange) {
        Collection<HealthCheck.Result> results = HealthCheckHelper.invokeReadiness(exchange.getContext());
        boolean routes = exchange.getContext().getStatus().isStarted() && results.stream()
                .filter(r -> r.getCheck() != this).allMatch(r -> r.getState() == HealthCheck.State.UP);
        boolean db = results.stream().filter(r -> r.getCheck() == this).findFirst()
                .orElseGet(this::call).getState() == HealthCheck.State.UP;
        boolean up = routes && db;
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"routes\":\"" + (routes ? "UP" : "DOWN")
                + "\",\"database\":\"" + (db ? "UP" : "DOWN") + "\""
                + (accounts == null ? "" : ",\"mailAccounts\":\"" + (accounts.anyDegraded() ? "DEGRADED" : "UP")
                        + "\",\"accounts\":" + accounts.json()) + "}";
    }
}

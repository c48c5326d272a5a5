package dev.mail2case.ops;

import dev.mail2case.config.Database;
import org.apache.camel.Exchange;

import java.sql.Connection;

/** For Kubernetes probes: up when the routes run and PostgreSQL answers within two seconds. */
public class Health {
    private final Database database;
    private final dev.mail2case.auth.AccountStatus accounts;

    public Health(Database database) {
        this(database, null);
    }

    /** With the accounts' read state: a DEGRADED account is reported but keeps the service up. */
    public Health(Database database, dev.mail2case.auth.AccountStatus accounts) {
        this.database = database;
        this.accounts = accounts;
    }

    public String check(Exchange exchange) {
        boolean routes = exchange.getContext().getStatus().isStarted();
        boolean db;
        try (Connection c = database.dataSource().getConnection()) {
            db = c.isValid(2);
        } catch (Exception e) {
            db = false;
        }
        boolean up = routes && db;
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"routes\":\"" + (routes ? "UP" : "DOWN")
                + "\",\"database\":\"" + (db ? "UP" : "DOWN") + "\""
                + (accounts == null ? "" : ",\"mailAccounts\":\"" + (accounts.anyDegraded() ? "DEGRADED" : "UP")
                        + "\",\"accounts\":" + accounts.json()) + "}";
    }
}

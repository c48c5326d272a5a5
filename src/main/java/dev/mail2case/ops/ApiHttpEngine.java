package dev.mail2case.ops;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The HTTP engine of the operators' API, pinned to the API's port. With the management server (health
 * probes) running beside it there are two HTTP servers, and Camel's engine, unable to pick one, falls back
 * to port 8080 and finds no server there unless the API happens to use it.
 */
public class ApiHttpEngine extends VertxPlatformHttpEngine {
    private final int port;

    public ApiHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}

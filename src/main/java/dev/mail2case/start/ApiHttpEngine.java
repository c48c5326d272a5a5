package dev.mail2case.start;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The operators' API routes on the server of {@code camel.server.port}. With the management server
 * (metrics, health) running beside it, Camel finds two HTTP servers and would fall back to port 8080.
 */
final class ApiHttpEngine extends VertxPlatformHttpEngine {
    private final int port;

    ApiHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}

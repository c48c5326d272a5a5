package dev.mail2case.ops;

import org.apache.camel.Exchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operators' console: one static page with its script and style from the jar, under a strict
 * Content-Security-Policy (no inline script, nothing from elsewhere). The page shows nothing by itself;
 * it signs in and reads the operators' API.
 */
public class Console {
    /** Scripts and styles only from this server; mail HTML only in sandboxed frames from this server. */
    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** The page itself, for / and every console address (/cases/N is the case link in staff mail). */
    public byte[] page(Exchange exchange) {
        return serve(exchange, "index.html", "text/html; charset=utf-8");
    }

    /** /console/{file}: the script and the style; anything else is 404. */
    public byte[] asset(Exchange exchange) {
        String file = exchange.getIn().getHeader("file", String.class);
        String type = file == null ? null : ASSETS.get(file);
        if (type == null) {
            exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
            return "not found".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return serve(exchange, file, type);
    }

    private byte[] serve(Exchange exchange, String file, String type) {
        var in = exchange.getIn();
        in.setHeader(Exchange.CONTENT_TYPE, type);
        in.setHeader("Content-Security-Policy", POLICY);
        in.setHeader("X-Content-Type-Options", "nosniff");
        in.setHeader("X-Frame-Options", "DENY");
        in.setHeader("Referrer-Policy", "no-referrer");
        in.setHeader("Cache-Control", "no-cache");
        return cache.computeIfAbsent(file, Console::read);
    }

    private static byte[] read(String file) {
        try (InputStream in = Console.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                throw new IllegalStateException("console/" + file + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

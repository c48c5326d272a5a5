package dev.mail2case.ops;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultHeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * Which headers the API and the console answer with: only those mail2case sets itself. Without this the
 * HTTP server echoes every request header, query parameter and form field back as a response header, and a
 * form field that is no valid header name (a JSON body sent as a form) fails the answer after the action ran.
 * Incoming headers that would steer Camel itself are dropped.
 */
public class HttpHeaders extends DefaultHeaderFilterStrategy {
    private static final Set<String> ANSWERED = Set.of("content-type", "content-disposition",
            "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy", "cache-control",
            "set-cookie");

    public HttpHeaders() {
        setInFilterStartsWith("Camel", "camel", "org.apache.camel.");
        setLowerCase(true);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return headerName == null || !ANSWERED.contains(headerName.toLowerCase(Locale.ROOT));
    }
}

package dev.mail2case.ops;

import org.apache.camel.Exchange;
import org.apache.camel.openapi.RestOpenApiProcessor;
import org.apache.camel.spi.RestConfiguration;

import java.util.HashMap;
import java.util.Map;

/**
 * GET /api/openapi.json: the OpenAPI document Camel makes from the REST definitions, served through the
 * operator-api routes so that, like every call but health, it needs an operator.
 */
public class ApiDescription {
    private volatile RestOpenApiProcessor processor;

    public void describe(Exchange exchange) throws Exception {
        RestOpenApiProcessor p = processor;
        if (p == null) {
            synchronized (this) {
                if (processor == null) {
                    RestConfiguration rest = exchange.getContext().getRestConfiguration();
                    Map<String, Object> parameters = new HashMap<>();
                    if (rest.getApiProperties() != null) {
                        parameters.putAll(rest.getApiProperties());
                    }
                    parameters.put("host", rest.getHost() + ":" + rest.getPort());
                    parameters.put("schemes", rest.getScheme() == null ? "http" : rest.getScheme());
                    parameters.put("base.path", rest.getContextPath());
                    RestOpenApiProcessor made = new RestOpenApiProcessor(parameters, rest);
                    made.setCamelContext(exchange.getContext());
                    made.start();
                    processor = made;
                }
                p = processor;
            }
        }
        p.process(exchange);
    }
}

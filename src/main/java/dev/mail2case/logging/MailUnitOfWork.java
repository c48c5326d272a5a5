package dev.mail2case.logging;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

/**
 * Camel's MDC unit of work plus the mail keys of {@link MailMdc}: they are refreshed before every step
 * (a step may have just learnt the key or the case number) and removed when the exchange is done, so
 * the next mail on the same poller thread never inherits them.
 */
public final class MailUnitOfWork extends MDCUnitOfWork {

    MailUnitOfWork(Exchange exchange, InflightRepository inflight, String pattern, boolean allowOriginal,
                   boolean breadcrumb) {
        super(exchange, inflight, pattern, allowOriginal, breadcrumb);
    }

    /**
     * Camel's own keys without asking the message: Camel's version reads the message id and a header,
     * and a server's IMAP message answers those from its envelope, which Dovecot reports for ordinary
     * mail ({@code To: undisclosed-recipients}) in a form Jakarta Mail cannot parse.
     */
    @Override
    protected void prepareMDC(Exchange exchange) {
        MDC.put(MDC_CAMEL_CONTEXT_ID, exchange.getContext().getName());
        MDC.put(MDC_EXCHANGE_ID, exchange.getExchangeId());
        String route = exchange.getFromRouteId();
        if (route != null) {
            MDC.put(MDC_ROUTE_ID, route);
        }
        String correlation = exchange.getProperty(Exchange.CORRELATION_ID, String.class);
        if (correlation != null) {
            MDC.put(MDC_CORRELATION_ID, correlation);
        }
        MailMdc.from(exchange);
    }

    @Override
    public UnitOfWork newInstance(Exchange exchange) {
        CamelContext c = exchange.getContext();
        return new MailUnitOfWork(exchange, c.getInflightRepository(), c.getMDCLoggingKeysPattern(),
                c.isAllowUseOriginalMessage(), c.isUseBreadcrumb());
    }

    @Override
    public void clear() {
        super.clear();
        MailMdc.clear();
    }

    /** Installs the unit of work and the per-step refresh on a context before its routes are built. */
    public static void install(CamelContext context) {
        context.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new UnitOfWorkFactory() {
            @Override
            public UnitOfWork createUnitOfWork(Exchange exchange) {
                return new MailUnitOfWork(exchange, context.getInflightRepository(),
                        context.getMDCLoggingKeysPattern(), context.isAllowUseOriginalMessage(),
                        context.isUseBreadcrumb());
            }
        });
        context.getCamelContextExtension().addInterceptStrategy(new InterceptStrategy() {
            @Override
            public Processor wrapProcessorInInterceptors(CamelContext ctx, NamedNode definition, Processor target,
                                                         Processor nextTarget) {
                return new DelegateAsyncProcessor(target) {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        MailMdc.from(exchange);
                        return super.process(exchange, callback);
                    }
                };
            }
        });
    }
}

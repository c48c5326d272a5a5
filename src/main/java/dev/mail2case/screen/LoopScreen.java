package dev.mail2case.screen;

import dev.mail2case.mail.InboundMail;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;

/** Route bean of stage {@code screen} for loop signals; sets {@link Pipeline#OWN_MAIL} and {@link Pipeline#NO_AUTO_REPLY}. */
public class LoopScreen {
    private final LoopDetector detector;

    public LoopScreen(LoopDetector detector) {
        this.detector = detector;
    }

    public void screen(Exchange exchange) {
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        detector.ownMailReturned(mail).ifPresent(why -> exchange.setProperty(Pipeline.OWN_MAIL, why));
        detector.noAutoReply(mail).ifPresent(why -> exchange.setProperty(Pipeline.NO_AUTO_REPLY, why));
    }
}

package dev.mail2case.start;

import dev.mail2case.auth.MailLogins;
import dev.mail2case.notify.OutboxDelivery;
import dev.mail2case.notify.OutboxTransport;

import java.util.Properties;

/** What 80-deliver names: the outbox's sender and the SMTP session it sends with. */
final class DeliveryBeans {
    private DeliveryBeans() {
    }

    /** Binds the delivery's beans and returns the outbox's sender, whose claim heartbeat stops with the app. */
    static OutboxDelivery bind(Wiring w) {
        OutboxDelivery delivery = new OutboxDelivery(w.database(),
                w.integer("mail2case.outbox.max-attempts", 10, 1, 1000),
                w.millis("mail2case.outbox.first-retry-ms", 30_000, 10, 86_400_000),
                w.millis("mail2case.outbox.max-retry-ms", 3_600_000, 10, 86_400_000),
                w.millis("mail2case.outbox.lease-ms", 30_000, 300, 3_600_000));
        w.bind("outboxDelivery", delivery);
        Properties smtp = new Properties();
        smtp.setProperty("mail.smtp.connectiontimeout", "10000");
        smtp.setProperty("mail.smtp.timeout", "30000");
        smtp.setProperty("mail.smtp.writetimeout", "30000");
        // Marks the outbox row just before DATA and notes the server's answer (exactly-once delivery).
        smtp.setProperty("mail.smtp.class", OutboxTransport.class.getName());
        if (w.settings().bool("mail2case.smtp.starttls", false)) {
            smtp.setProperty("mail.smtp.starttls.enable", "true");
            smtp.setProperty("mail.smtp.starttls.required", "true");
        }
        w.bind("smtpProperties", smtp);
        w.bind("smtpAuthenticator", MailLogins.smtp(w.settings(), smtp, w.clock()));
        return delivery;
    }
}

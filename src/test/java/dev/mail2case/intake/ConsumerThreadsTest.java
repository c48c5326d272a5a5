package dev.mail2case.intake;

import dev.mail2case.start.Mail2CaseApp;
import dev.mail2case.support.PipelineTest;
import dev.mail2case.support.Recorded;
import dev.mail2case.support.TestApp;
import dev.mail2case.support.TestPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An IMAP account with {@code consumers} above one takes a poll's mail on several threads, and keeps every
 * guarantee of one thread: each mail once, flagged only after its commit, a failing mail retried and
 * quarantined without holding up the rest, a reply after its original, one sender's mail in order.
 */
class ConsumerThreadsTest extends PipelineTest {
    private final Set<String> takenOn = ConcurrentHashMap.newKeySet();

    @Test
    void aBacklogIsTakenOnSeveralThreadsAndEveryMailOpensOneCaseAndIsFlaggedSeen() throws Exception {
        app = Mail2CaseApp.start(settings(3));
        watchThreads();
        for (int i = 1; i <= 24; i++) {
            mail.send(message("guest" + i + "@example.org", "Request " + i, null));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.casesOpened(app) == 24);
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(24, Recorded.distinctCaseSubjects(app), "every mail once");
        assertTrue(takenOn.size() > 1, "taken on more than one thread: " + takenOn);
        assertTrue(takenOn.stream().allMatch(t -> t.contains("-consumer-")), "on the account's threads: " + takenOn);
    }

    @Test
    void aReplyInTheSamePollAsItsOriginalJoinsItsCaseWhicheverThreadIsFree() throws Exception {
        // The reply right behind its original, from someone else: a free thread would take both at once.
        mail.send(message("anna@northwind.example", "Boiler leaking", "<boiler-1@northwind.example>"));
        MimeMessage reply = message("ola@agency.example", "Re: Boiler leaking", null);
        reply.setHeader("In-Reply-To", "<boiler-1@northwind.example>");
        reply.setHeader("References", "<boiler-1@northwind.example>");
        mail.send(reply);
        for (int i = 1; i <= 8; i++) {
            mail.send(message("guest" + i + "@example.org", "Unrelated " + i, null));
        }
        app = Mail2CaseApp.start(settings(4));

        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.mailsTakenIn(app) == 10);
        assertEquals("REPLY_ADDED", Recorded.mailTakenInWithSubject(app, "Re: Boiler leaking").outcome());
        assertEquals(9, Recorded.casesOpened(app), "the reply opened no case of its own");
        assertEquals(2, Recorded.mailsOnCase(app, Recorded.firstCaseWithSubject(app, "Boiler leaking").id()));
    }

    @Test
    void oneSendersMailsAreTakenInTheOrderTheyArrivedWhileOthersRunBeside() throws Exception {
        for (int i = 1; i <= 6; i++) {
            mail.send(message("anna@northwind.example", "Step " + i, null));
            mail.send(message("guest" + i + "@example.org", "Other " + i, null));
        }
        app = Mail2CaseApp.start(settings(3));

        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.mailsTakenIn(app) == 12);
        List<String> annas = Recorded.mailsTakenInOrder(app).stream().map(Recorded.MailTakenIn::subject)
                .filter(s -> s.startsWith("Step ")).toList();
        assertEquals(List.of("Step 1", "Step 2", "Step 3", "Step 4", "Step 5", "Step 6"), annas);
    }

    @Test
    void aMailThatKeepsFailingOnItsThreadIsQuarantinedAndTheOthersAreTaken() throws Exception {
        Properties settings = settings(3);
        settings.setProperty("mail2case.account.support.max-attempts", "3");
        app = Mail2CaseApp.start(settings);
        TestApp.refusePoisonMail(app);
        for (int i = 1; i <= 5; i++) {
            mail.send(message("guest" + i + "@example.org", i == 3 ? "A poison mail" : "Request " + i, null));
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> Recorded.quarantined(app) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> Recorded.casesOpened(app) == 4);
        assertEquals("A poison mail", Recorded.firstQuarantined(app).subject());
        assertEquals(3, Recorded.firstQuarantined(app).attempts(), "tried three times, then kept");
        await().atMost(Duration.ofSeconds(20)).until(() -> mail.inboxCounts(TestApp.SUPPORT)[1] == 0);
        assertEquals(0, Recorded.mailsFailing(app));
    }

    private Properties settings(int consumers) {
        Properties p = TestApp.settings(TestPostgres.newDatabase(), mail);
        p.setProperty("mail2case.account.support.consumers", String.valueOf(consumers));
        p.setProperty("mail2case.account.support.max-messages-per-poll", "50");
        return p;
    }

    /** The thread each mail's route ends on. */
    private void watchThreads() throws Exception {
        EventNotifierSupport notifier = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.ExchangeCompletedEvent done
                        && String.valueOf(done.getExchange().getFromRouteId()).startsWith("account-")) {
                    takenOn.add(Thread.currentThread().getName());
                }
            }
        };
        app.context().getManagementStrategy().addEventNotifier(notifier);
        notifier.start();
    }

    private MimeMessage message(String from, String subject, String messageId) throws Exception {
        MimeMessage m = new MimeMessage(mail.session()) {
            @Override
            protected void updateMessageID() throws jakarta.mail.MessagingException {
                if (messageId == null) {
                    super.updateMessageID();
                } else {
                    setHeader("Message-ID", messageId);
                }
            }
        };
        m.setFrom(new InternetAddress(from));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(TestApp.SUPPORT));
        m.setSubject(subject);
        m.setText("Please help.");
        return m;
    }
}

package dev.mail2case.graph;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.pipeline.Pipeline;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Reads one Microsoft Graph mailbox folder like the IMAP account reads its folder: new (unread) messages
 * go as raw MIME through {@code direct:intake}, and only after the pipeline committed is the message
 * marked read, moved or deleted. The delta query finds them; its link and the messages found but not yet
 * handled are kept in PostgreSQL, so a restart resumes where it stood.
 */
public class GraphMailbox {
    private static final Logger LOG = LoggerFactory.getLogger(GraphMailbox.class);
    /** Bounds one poll's sync; the rest follows at the next poll from the saved link. */
    private static final int MAX_PAGES_PER_POLL = 20;

    private final AccountSettings account;
    private final GraphClient graph;
    private final Database database;
    private final AccountStatus status;
    private final Clock clock;
    private ProducerTemplate intake;
    private Instant notBefore = Instant.MIN;
    private String moveToId;
    private int failuresInARow;

    public GraphMailbox(AccountSettings account, GraphClient graph, Database database, AccountStatus status, Clock clock) {
        this.account = account;
        this.graph = graph;
        this.database = database;
        this.status = status;
        this.clock = clock;
    }

    /** One poll: sync the delta, then handle up to max-messages-per-poll of the messages found. */
    public void poll(Exchange exchange) {
        Instant now = clock.instant();
        if (now.isBefore(notBefore)) {
            return;
        }
        if (intake == null) {
            intake = exchange.getContext().createProducerTemplate();
        }
        try {
            sync();
            handlePending();
            failuresInARow = 0;
            status.succeeded(account.id());
            status.credentialWarning(account.id(), account.oauth2().expiryWarning(
                    java.time.LocalDate.now(clock)).orElse(null));
        } catch (GraphThrottledException e) {
            notBefore = clock.instant().plus(e.retryAfter());
            LOG.info("Graph throttles account {}; next call in {} s as it asked: {}", account.id(),
                    e.retryAfter().toSeconds(), e.getMessage());
        } catch (RuntimeException e) {
            failuresInARow++;
            Duration backoff = Duration.ofMillis(account.pollDelayMillis()
                    * Math.min(account.errorBackoffPolls(), 1L << Math.min(20, failuresInARow - 1)));
            notBefore = clock.instant().plus(backoff);
            status.failed(account.id(), dev.mail2case.auth.AccountPollStrategy.describe(e),
                    "next try in " + backoff.toMillis() + " ms");
        }
    }

    private void sync() {
        String link = cursor();
        for (int page = 0; page < MAX_PAGES_PER_POLL; page++) {
            GraphClient.DeltaPage delta = graph.delta(link);
            String next = delta.next() != null ? delta.next() : delta.delta();
            database.inTransaction(em -> {
                for (GraphClient.Change c : delta.changes()) {
                    if (c.removed() || c.isRead()) {
                        em.createNativeQuery("DELETE FROM graph_pending WHERE account_id = ?1 AND message_id = ?2")
                                .setParameter(1, account.id()).setParameter(2, c.id()).executeUpdate();
                    } else {
                        em.createNativeQuery("INSERT INTO graph_pending (account_id, message_id) VALUES (?1, ?2) "
                                        + "ON CONFLICT DO NOTHING")
                                .setParameter(1, account.id()).setParameter(2, c.id()).executeUpdate();
                    }
                }
                em.createNativeQuery("""
                        INSERT INTO graph_cursors (account_id, mailbox, folder, link) VALUES (?1, ?2, ?3, ?4)
                        ON CONFLICT (account_id) DO UPDATE SET mailbox = ?2, folder = ?3, link = ?4, updated_at = now()""")
                        .setParameter(1, account.id()).setParameter(2, account.username())
                        .setParameter(3, account.folder()).setParameter(4, next).executeUpdate();
                return null;
            });
            link = next;
            if (delta.next() == null) {
                return;
            }
        }
    }

    /** The saved link; a new sync when there is none or the account now reads another mailbox or folder. */
    @SuppressWarnings("unchecked")
    private String cursor() {
        List<Object[]> rows = database.inTransaction(em -> em.createNativeQuery(
                "SELECT mailbox, folder, link FROM graph_cursors WHERE account_id = ?1")
                .setParameter(1, account.id()).getResultList());
        if (!rows.isEmpty() && account.username().equals(rows.get(0)[0]) && account.folder().equals(rows.get(0)[1])) {
            return (String) rows.get(0)[2];
        }
        if (!rows.isEmpty()) {
            LOG.info("Account {} now reads {}/{}: its Graph sync starts anew", account.id(), account.username(),
                    account.folder());
            database.inTransaction(em -> em.createNativeQuery("DELETE FROM graph_pending WHERE account_id = ?1")
                    .setParameter(1, account.id()).executeUpdate());
        }
        return graph.initialDelta(account.username(), account.folder());
    }

    @SuppressWarnings("unchecked")
    private void handlePending() {
        List<String> ids = database.inTransaction(em -> em.createNativeQuery(
                "SELECT message_id FROM graph_pending WHERE account_id = ?1 ORDER BY seq LIMIT ?2")
                .setParameter(1, account.id()).setParameter(2, account.maxMessagesPerPoll()).getResultList());
        for (String id : ids) {
            byte[] mime = graph.mime(account.username(), id);
            if (mime != null) {
                Exchange result = intake.send("direct:intake", ex -> {
                    ex.getIn().setBody(mime);
                    ex.setProperty(Pipeline.ACCOUNT, account.id());
                });
                if (result.getException() != null) {
                    // Counted by the intake's failure handling; the message stays for the next poll.
                    continue;
                }
                afterCommit(id);
            }
            database.inTransaction(em -> em.createNativeQuery(
                    "DELETE FROM graph_pending WHERE account_id = ?1 AND message_id = ?2")
                    .setParameter(1, account.id()).setParameter(2, id).executeUpdate());
        }
    }

    private void afterCommit(String id) {
        try {
            switch (account.afterProcessing()) {
                case "move" -> {
                    if (moveToId == null) {
                        moveToId = graph.folderId(account.username(), account.moveTo());
                    }
                    graph.move(account.username(), id, moveToId);
                }
                case "delete" -> graph.delete(account.username(), id);
                default -> graph.markRead(account.username(), id);
            }
        } catch (GraphException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
    }
}

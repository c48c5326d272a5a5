package dev.mail2case.support;

import dev.mail2case.start.Mail2CaseApp;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What mail2case has on record, by names a reader of the test recognises: cases opened, mails on
 * them, outbox mail by event and status, delivery attempts, quarantine, blocks. The tests' one place
 * for how those are counted in the database.
 */
public final class Recorded {
    private Recorded() {
    }

    /**
     * A case as the tests look at it, with what it was assigned to by name: the job's number, the
     * assignee's address, the client's and the office's names, the address of the contact it was matched to.
     */
    public record Case(long id, long number, String account, String subject, String senderAddress, String status,
                       boolean unregistered, Long contactId, String queue, String unknownReference, String job,
                       String component, String assigneeAddress, String clientName, String officeName,
                       String assignment, String contactAddress) {
    }

    /** An outbox mail and what became of it. */
    public record OutboxMail(long id, String event, String recipient, String status, String notSentReason,
                             String lastError, int attempts, String messageId) {
    }

    /** A mail taken in and its outcome, with the raw mail as stored and what was wrong with it. */
    public record MailTakenIn(long id, String account, String subject, String outcome, String outcomeDetail,
                              String idempotencyKey, String defects, byte[] raw) {
    }

    /** An attachment on a case, with its stored bytes. */
    public record Attachment(long id, String filename, String originalFilename, String contentType, long size,
                             byte[] content) {
    }

    /** A mail on a case, and whether it came from someone not on the case. */
    public record CaseMessage(long caseId, String messageId, String fromAddress, boolean nonParticipant) {
    }

    /** An event on a case and who caused it. */
    public record CaseEvent(long caseId, String event, String detail, String actor) {
    }

    /** A delivery attempt of an outbox mail. */
    public record DeliveryAttempt(long outboxId, String outcome, String error) {
    }

    /** A block; {@code lastsSeconds} is how long it was set for, null when it lasts until cleared. */
    public record Block(long id, String target, String reason, Long lastsSeconds, String clearedBy) {
    }

    /** A quarantined mail. */
    public record Quarantined(long id, String idempotencyKey, String subject, int attempts, String reasons,
                              String replayRequestedBy, byte[] raw) {
    }

    private static final String CASE = "SELECT c.id, c.number, c.account, c.subject, c.sender_address, c.status, "
            + "c.unregistered, c.contact_id, c.queue, c.unknown_reference, j.number, c.component, a.email, cl.name, "
            + "o.name, c.assignment, p.email FROM cases c LEFT JOIN jobs j ON j.id = c.job_id "
            + "LEFT JOIN contacts a ON a.id = c.assignee_id LEFT JOIN clients cl ON cl.id = c.client_id "
            + "LEFT JOIN offices o ON o.id = c.office_id LEFT JOIN contacts p ON p.id = c.contact_id ";
    private static final String OUTBOX = "SELECT id, event, recipient, status, not_sent_reason, last_error, attempts, "
            + "message_id FROM outbox ";
    private static final String ADDRESS_BLOCK = "SELECT id, address, reason, EXTRACT(EPOCH FROM until - created_at), "
            + "cleared_by FROM address_blocks ";
    private static final String MAIL = "SELECT id, account, subject, outcome, outcome_detail, idempotency_key, "
            + "defects, raw FROM inbound_mail ";
    private static final String CASE_MESSAGE = "SELECT case_id, message_id, from_address, non_participant "
            + "FROM case_messages ";
    /** The tables the pipeline writes to for a mail taken in. */
    private static final List<String> PIPELINE_TABLES = List.of("inbound_mail", "inbound_claims", "inbound_failures",
            "cases", "case_messages", "outbox", "quarantine", "address_blocks");

    /** The first case opened with this subject. */
    public static Case firstCaseWithSubject(Mail2CaseApp app, String subject) {
        return aCase(TestApp.query(app, CASE + "WHERE c.subject = ? ORDER BY c.id LIMIT 1", subject));
    }

    /** The first outbox mail in this status. */
    public static OutboxMail firstOutboxMailWithStatus(Mail2CaseApp app, String status) {
        return outboxRow(TestApp.query(app, OUTBOX + "WHERE status = ? ORDER BY id LIMIT 1", status));
    }

    /** The outbox mail an event key wrote. */
    public static OutboxMail outboxMailOfEventKey(Mail2CaseApp app, String eventKey) {
        return outboxRow(TestApp.query(app, OUTBOX + "WHERE event_key = ?", eventKey));
    }

    /** Why each mail in this status was not sent, oldest first. */
    public static List<String> notSentReasons(Mail2CaseApp app, String status) {
        return TestApp.query(app, "SELECT not_sent_reason FROM outbox WHERE status = ? ORDER BY id", status).stream()
                .map(r -> (String) r[0]).toList();
    }

    /** The outcomes of an outbox mail's delivery attempts, in order. */
    public static List<String> deliveryOutcomes(Mail2CaseApp app, long outboxId) {
        return TestApp.query(app, "SELECT outcome FROM delivery_attempts WHERE outbox_id = ? ORDER BY id", outboxId)
                .stream().map(r -> (String) r[0]).toList();
    }

    /** The outcomes of the delivery attempts of every mail of this event, in order. */
    public static List<String> deliveryOutcomes(Mail2CaseApp app, String event) {
        return TestApp.query(app, "SELECT a.outcome FROM delivery_attempts a JOIN outbox o ON o.id = a.outbox_id "
                + "WHERE o.event = ? ORDER BY a.id", event).stream().map(r -> (String) r[0]).toList();
    }

    /** The first delivery attempt with this outcome. */
    public static DeliveryAttempt firstDeliveryAttempt(Mail2CaseApp app, String outcome) {
        return attemptRow(TestApp.query(app, "SELECT outbox_id, outcome, error FROM delivery_attempts "
                + "WHERE outcome = ? ORDER BY id LIMIT 1", outcome));
    }

    public static DeliveryAttempt firstDeliveryAttempt(Mail2CaseApp app, long outboxId, String outcome) {
        return attemptRow(TestApp.query(app, "SELECT outbox_id, outcome, error FROM delivery_attempts "
                + "WHERE outbox_id = ? AND outcome = ? ORDER BY id LIMIT 1", outboxId, outcome));
    }

    /** The first address block made. */
    public static Block firstAddressBlock(Mail2CaseApp app) {
        return blockRow(TestApp.query(app, ADDRESS_BLOCK + "ORDER BY id LIMIT 1"));
    }

    public static Block addressBlock(Mail2CaseApp app, String address) {
        return blockRow(TestApp.query(app, ADDRESS_BLOCK + "WHERE address = ? ORDER BY id LIMIT 1", address));
    }

    /** The first case block made; its target is the case id. */
    public static Block firstCaseBlock(Mail2CaseApp app) {
        return blockRow(TestApp.query(app, "SELECT id, CAST(case_id AS text), reason, "
                + "EXTRACT(EPOCH FROM until - created_at), cleared_by FROM case_blocks ORDER BY id LIMIT 1"));
    }

    /** The first mail quarantined. */
    public static Quarantined firstQuarantined(Mail2CaseApp app) {
        List<Object[]> rows = TestApp.query(app, "SELECT id, idempotency_key, subject, attempts, reasons, "
                + "replay_requested_by, raw FROM quarantine ORDER BY id LIMIT 1");
        if (rows.isEmpty()) {
            throw new AssertionError("nothing quarantined");
        }
        Object[] r = rows.get(0);
        return new Quarantined(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                (String) r[4], (String) r[5], (byte[]) r[6]);
    }

    /** How many times the first failing mail failed so far. */
    public static int triesOfFirstFailingMail(Mail2CaseApp app) {
        return (int) TestApp.count(app, "SELECT attempts FROM inbound_failures ORDER BY last_failed_at LIMIT 1");
    }

    /** The subjects of the cases, in the order they were opened. */
    public static List<String> caseSubjects(Mail2CaseApp app) {
        return TestApp.query(app, "SELECT subject FROM cases ORDER BY id").stream().map(r -> (String) r[0]).toList();
    }

    /** How many different subjects the cases have. */
    public static long distinctCaseSubjects(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(DISTINCT subject) FROM cases");
    }

    /** The bodies of the comments on any case, oldest first. */
    public static List<String> commentBodies(Mail2CaseApp app) {
        return TestApp.query(app, "SELECT body FROM case_comments ORDER BY id").stream().map(r -> (String) r[0])
                .toList();
    }

    /** The attachments on any case, by filename. */
    public static List<Attachment> attachmentsByName(Mail2CaseApp app) {
        return TestApp.query(app, "SELECT id, filename, original_filename, content_type, size, content "
                + "FROM attachments ORDER BY filename, id").stream().map(r -> new Attachment(((Number) r[0]).longValue(),
                (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).longValue(), (byte[]) r[5])).toList();
    }

    /** The mails taken in, oldest first. */
    public static List<MailTakenIn> mailsTakenInOrder(Mail2CaseApp app) {
        return TestApp.query(app, MAIL + "ORDER BY id").stream().map(r -> mailRow(List.<Object[]>of(r))).toList();
    }

    /** The mails taken in with any outcome but this one, oldest first. */
    public static List<MailTakenIn> mailsTakenInOtherThan(Mail2CaseApp app, String outcome) {
        return TestApp.query(app, MAIL + "WHERE outcome <> ? ORDER BY id", outcome).stream()
                .map(r -> mailRow(List.<Object[]>of(r))).toList();
    }

    /** The first mail taken in with this subject. */
    public static MailTakenIn mailTakenInWithSubject(Mail2CaseApp app, String subject) {
        return mailRow(TestApp.query(app, MAIL + "WHERE subject = ? ORDER BY id LIMIT 1", subject));
    }

    /** The first outbox mail of this event in this status. */
    public static OutboxMail firstOutboxMail(Mail2CaseApp app, String event, String status) {
        return outboxRow(TestApp.query(app, OUTBOX + "WHERE event = ? AND status = ? ORDER BY id LIMIT 1", event,
                status));
    }

    /** Why each outbox mail of this event was not sent, in alphabetical order. */
    public static List<String> notSentReasonsOfEvent(Mail2CaseApp app, String event) {
        return TestApp.query(app, "SELECT not_sent_reason FROM outbox WHERE event = ? ORDER BY 1", event).stream()
                .map(r -> (String) r[0]).toList();
    }

    /** The name of the contact with this address (as stored). */
    public static String contactName(Mail2CaseApp app, String email) {
        List<Object[]> rows = TestApp.query(app, "SELECT name FROM contacts WHERE email = ?", email);
        if (rows.isEmpty()) {
            throw new AssertionError("no contact " + email);
        }
        return (String) rows.get(0)[0];
    }

    /** The first case opened (the only one, in most tests). */
    public static Case firstCase(Mail2CaseApp app) {
        return aCase(TestApp.query(app, CASE + "ORDER BY c.id LIMIT 1"));
    }

    public static Case caseNumbered(Mail2CaseApp app, long number) {
        return aCase(TestApp.query(app, CASE + "WHERE c.number = ?", number));
    }

    /** The first case opened for mail from this address. */
    public static Case firstCaseFrom(Mail2CaseApp app, String senderAddress) {
        return aCase(TestApp.query(app, CASE + "WHERE c.sender_address = ? ORDER BY c.id LIMIT 1", senderAddress));
    }

    /** The numbers of the cases that new cases were linked to, in the order the new cases were opened. */
    public static List<Long> linkedCaseNumbers(Mail2CaseApp app) {
        return TestApp.query(app, "SELECT l.number FROM cases c JOIN cases l ON l.id = c.linked_case_id ORDER BY c.id")
                .stream().map(r -> ((Number) r[0]).longValue()).toList();
    }

    public static OutboxMail outboxMail(Mail2CaseApp app, long id) {
        return outboxRow(TestApp.query(app, OUTBOX + "WHERE id = ?", id));
    }

    /** The first mail written to the outbox (the only one, in some tests). */
    public static OutboxMail firstOutboxMail(Mail2CaseApp app) {
        return outboxRow(TestApp.query(app, OUTBOX + "ORDER BY id LIMIT 1"));
    }

    /** The first outbox mail of this event. */
    public static OutboxMail firstOutboxMail(Mail2CaseApp app, String event) {
        return outboxRow(TestApp.query(app, OUTBOX + "WHERE event = ? ORDER BY id LIMIT 1", event));
    }

    /** The outbox mail of this event written last. */
    public static OutboxMail latestOutboxMail(Mail2CaseApp app, String event) {
        return outboxRow(TestApp.query(app, OUTBOX + "WHERE event = ? ORDER BY id DESC LIMIT 1", event));
    }

    /** The first mail taken in (the only one, in most tests). */
    public static MailTakenIn firstMailTakenIn(Mail2CaseApp app) {
        return mailRow(TestApp.query(app, MAIL + "ORDER BY id LIMIT 1"));
    }

    public static MailTakenIn latestMailTakenIn(Mail2CaseApp app) {
        return mailRow(TestApp.query(app, MAIL + "ORDER BY id DESC LIMIT 1"));
    }

    /** The first event of this kind on any case. */
    public static CaseEvent firstCaseEvent(Mail2CaseApp app, String event) {
        List<Object[]> rows = TestApp.query(app,
                "SELECT case_id, event, detail, actor FROM case_events WHERE event = ? ORDER BY id LIMIT 1", event);
        if (rows.isEmpty()) {
            throw new AssertionError("no case event " + event + " on record");
        }
        Object[] r = rows.get(0);
        return new CaseEvent(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3]);
    }

    private static Case aCase(List<Object[]> rows) {
        if (rows.isEmpty()) {
            throw new AssertionError("no such case on record");
        }
        Object[] r = rows.get(0);
        return new Case(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (Boolean) r[6], r[7] == null ? null : ((Number) r[7]).longValue(),
                (String) r[8], (String) r[9], (String) r[10], (String) r[11], (String) r[12], (String) r[13],
                (String) r[14], (String) r[15], (String) r[16]);
    }

    private static OutboxMail outboxRow(List<Object[]> rows) {
        if (rows.isEmpty()) {
            throw new AssertionError("no such outbox mail on record");
        }
        Object[] r = rows.get(0);
        return new OutboxMail(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                (String) r[5], ((Number) r[6]).intValue(), (String) r[7]);
    }

    private static DeliveryAttempt attemptRow(List<Object[]> rows) {
        if (rows.isEmpty()) {
            throw new AssertionError("no such delivery attempt on record");
        }
        Object[] r = rows.get(0);
        return new DeliveryAttempt(((Number) r[0]).longValue(), (String) r[1], (String) r[2]);
    }

    private static Block blockRow(List<Object[]> rows) {
        if (rows.isEmpty()) {
            throw new AssertionError("no such block on record");
        }
        Object[] r = rows.get(0);
        return new Block(((Number) r[0]).longValue(), (String) r[1], (String) r[2],
                r[3] == null ? null : ((Number) r[3]).longValue(), (String) r[4]);
    }

    private static MailTakenIn mailRow(List<Object[]> rows) {
        if (rows.isEmpty()) {
            throw new AssertionError("no mail taken in on record");
        }
        Object[] r = rows.get(0);
        return new MailTakenIn(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (String) r[4], (String) r[5], (String) r[6], (byte[]) r[7]);
    }

    // cases and what they hold

    public static long casesOpened(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM cases");
    }

    public static long casesWithSubject(Mail2CaseApp app, String subject) {
        return TestApp.count(app, "SELECT count(*) FROM cases WHERE subject = ?", subject);
    }

    /** Cases opened for senders who are no known contact. */
    public static long unregisteredCases(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM cases WHERE unregistered");
    }

    /** Cases that were given a client or an assignee. */
    public static long casesWithClientOrAssignee(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM cases WHERE client_id IS NOT NULL OR assignee_id IS NOT NULL");
    }

    public static long openUnassignedCases(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM cases WHERE assignee_id IS NULL AND status = 'OPEN'");
    }

    /** Mails recorded on any case. */
    public static long mailsOnCases(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM case_messages");
    }

    /** The mails on any case, oldest first. */
    public static List<CaseMessage> caseMessages(Mail2CaseApp app) {
        return TestApp.query(app, CASE_MESSAGE + "ORDER BY id").stream().map(Recorded::caseMessageRow).toList();
    }

    /** The mail on a case with this Message-ID (without angle brackets). */
    public static CaseMessage caseMessageWithId(Mail2CaseApp app, String messageId) {
        List<Object[]> rows = TestApp.query(app, CASE_MESSAGE + "WHERE message_id = ? ORDER BY id LIMIT 1", messageId);
        if (rows.isEmpty()) {
            throw new AssertionError("no mail " + messageId + " on any case");
        }
        return caseMessageRow(rows.get(0));
    }

    private static CaseMessage caseMessageRow(Object[] r) {
        return new CaseMessage(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (Boolean) r[3]);
    }

    public static long mailsOnCase(Mail2CaseApp app, long caseId) {
        return TestApp.count(app, "SELECT count(*) FROM case_messages WHERE case_id = ?", caseId);
    }

    public static long comments(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM case_comments");
    }

    /** Comments made of mail from someone not on the case. */
    public static long nonParticipantComments(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM case_comments WHERE non_participant");
    }

    public static long attachments(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM attachments");
    }

    public static long attachmentsNamed(Mail2CaseApp app, String filename) {
        return TestApp.count(app, "SELECT count(*) FROM attachments WHERE filename = ?", filename);
    }

    public static long attachmentsNamed(Mail2CaseApp app, String filename, String contentType) {
        return TestApp.count(app, "SELECT count(*) FROM attachments WHERE filename = ? AND content_type = ?",
                filename, contentType);
    }

    /** Case events of this kind (status-changed, deadline-passed...) on any case. */
    public static long caseEvents(Mail2CaseApp app, String event) {
        return TestApp.count(app, "SELECT count(*) FROM case_events WHERE event = ?", event);
    }

    public static long caseEventsOtherThan(Mail2CaseApp app, String event) {
        return TestApp.count(app, "SELECT count(*) FROM case_events WHERE event <> ?", event);
    }

    // the outbox and its delivery

    public static long outboxMails(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM outbox");
    }

    /** Outbox mail of one event (acknowledgement, case-closed, follow-up...), whatever became of it. */
    public static long outboxMails(Mail2CaseApp app, String event) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE event = ?", event);
    }

    public static long outboxMails(Mail2CaseApp app, String event, String status) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE event = ? AND status = ?", event, status);
    }

    /** Outbox mail in any of these statuses (SENT, PENDING, NOT_SENT, BLOCKED, FAILED, UNCERTAIN). */
    public static long outboxMailsWithStatus(Mail2CaseApp app, String... statuses) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE status IN (" + marks(statuses.length) + ")",
                (Object[]) statuses);
    }

    /** Outbox mail in none of these statuses. */
    public static long outboxMailsNotWithStatus(Mail2CaseApp app, String... statuses) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE status NOT IN (" + marks(statuses.length) + ")",
                (Object[]) statuses);
    }

    public static long outboxMailsSent(Mail2CaseApp app) {
        return outboxMailsWithStatus(app, "SENT");
    }

    /** Mail still pending after at least this many tries. */
    public static long outboxMailsPendingAfterTries(Mail2CaseApp app, int attempts) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE status = 'PENDING' AND attempts >= ?", attempts);
    }

    /** Case attachments carried by the outbox mail of this event about the case. */
    public static long attachmentsSentWith(Mail2CaseApp app, long caseId, String event) {
        return TestApp.count(app, "SELECT count(*) FROM outbox_attachments o JOIN outbox b ON b.id = o.outbox_id "
                + "WHERE b.case_id = ? AND b.event = ?", caseId, event);
    }

    public static long outboxMailsTo(Mail2CaseApp app, String event, String recipient) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE event = ? AND recipient = ?", event, recipient);
    }

    public static long outboxMailsAboutCase(Mail2CaseApp app, long caseId) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE case_id = ?", caseId);
    }

    /** Outbox mail with an HTML body. */
    public static long outboxMailsWithHtml(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE body_html IS NOT NULL");
    }

    /** Outbox mail tried fewer than this many times. */
    public static long outboxMailsTriedFewerThan(Mail2CaseApp app, int attempts) {
        return TestApp.count(app, "SELECT count(*) FROM outbox WHERE attempts < ?", attempts);
    }

    public static long deliveryAttempts(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM delivery_attempts");
    }

    /** Delivery attempts with this outcome (SENT, RETRY, UNCERTAIN, DELAYED, RESEND_REQUESTED...). */
    public static long deliveryAttempts(Mail2CaseApp app, String outcome) {
        return TestApp.count(app, "SELECT count(*) FROM delivery_attempts WHERE outcome = ?", outcome);
    }

    public static long deliveryAttemptsOf(Mail2CaseApp app, long outboxId) {
        return TestApp.count(app, "SELECT count(*) FROM delivery_attempts WHERE outbox_id = ?", outboxId);
    }

    public static long deliveryAttemptsOf(Mail2CaseApp app, long outboxId, String outcome) {
        return TestApp.count(app, "SELECT count(*) FROM delivery_attempts WHERE outbox_id = ? AND outcome = ?",
                outboxId, outcome);
    }

    // mail taken in, failed and quarantined

    /** Mails taken in and recorded, whatever their outcome. */
    public static long mailsTakenIn(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM inbound_mail");
    }

    /** Mails taken in with any of these outcomes (CASE_OPENED, REPLY_ADDED, BOUNCE_ORPHAN...). */
    public static long mailsTakenIn(Mail2CaseApp app, String... outcomes) {
        return TestApp.count(app, "SELECT count(*) FROM inbound_mail WHERE outcome IN (" + marks(outcomes.length) + ")",
                (Object[]) outcomes);
    }

    public static long mailsTakenInWithKey(Mail2CaseApp app, String idempotencyKey) {
        return TestApp.count(app, "SELECT count(*) FROM inbound_mail WHERE idempotency_key = ?", idempotencyKey);
    }

    /** Mails whose processing failed and that wait for another try (not yet quarantined). */
    public static long mailsFailing(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM inbound_failures");
    }

    /** Mails a replica has claimed. */
    public static long mailsClaimed(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM inbound_claims");
    }

    public static long quarantined(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM quarantine");
    }

    public static long quarantinedWithKey(Mail2CaseApp app, String idempotencyKey) {
        return TestApp.count(app, "SELECT count(*) FROM quarantine WHERE idempotency_key = ?", idempotencyKey);
    }

    // blocks and the organisation

    /** Address blocks ever made, cleared or not. */
    public static long addressBlocks(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM address_blocks");
    }

    public static long unclearedAddressBlocks(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM address_blocks WHERE cleared_at IS NULL");
    }

    /** Case blocks ever made, cleared or not. */
    public static long caseBlocks(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM case_blocks");
    }

    public static long contacts(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM contacts");
    }

    public static long contactsWithEmail(Mail2CaseApp app, String email) {
        return TestApp.count(app, "SELECT count(*) FROM contacts WHERE email = ?", email);
    }

    /**
     * Rows in all the tables the pipeline writes to for a mail (mails taken in, claims, failures, cases,
     * mails on cases, outbox, quarantine, address blocks): unchanged when nothing was written.
     */
    public static long rowsWritten(Mail2CaseApp app) {
        long n = 0;
        for (String table : PIPELINE_TABLES) {
            n += TestApp.count(app, "SELECT count(*) FROM " + table);
        }
        return n;
    }

    public static long regions(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM regions");
    }

    private static String marks(int n) {
        return Arrays.stream(new String[n]).map(s -> "?").collect(Collectors.joining(", "));
    }
}

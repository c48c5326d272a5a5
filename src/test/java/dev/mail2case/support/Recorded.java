package dev.mail2case.support;

import dev.mail2case.start.Mail2CaseApp;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What mail2case has on record, by names a reader of the test recognises: cases opened, mails on
 * them, outbox mail by event and status, delivery attempts, quarantine, blocks. The tests' one place
 * for how those are counted in the database.
 */
public final class Recorded {
    private Recorded() {
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

    public static long regions(Mail2CaseApp app) {
        return TestApp.count(app, "SELECT count(*) FROM regions");
    }

    private static String marks(int n) {
        return Arrays.stream(new String[n]).map(s -> "?").collect(Collectors.joining(", "));
    }
}

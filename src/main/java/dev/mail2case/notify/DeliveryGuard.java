package dev.mail2case.notify;

import jakarta.persistence.EntityManager;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether an automatic mail may go out, so that mail2case can never start a mail loop or a
 * notification storm: never to our own accounts or to mailer-daemons and no-reply addresses, never
 * to a blocked address or about a blocked case, and never more often than the per-recipient limits.
 * A refused mail is still written to the outbox, with the reason.
 */
public class DeliveryGuard {

    /** At most {@code count} automatic mails to one recipient within {@code window}. */
    public record RateTier(int count, Duration window) {
        public static RateTier parse(String spec) {
            String[] parts = spec.trim().split("/");
            if (parts.length != 2) {
                throw new IllegalArgumentException("'" + spec + "' is not COUNT/DURATION, e.g. 10/PT10M");
            }
            return new RateTier(Integer.parseInt(parts[0].trim()), Duration.parse(parts[1].trim()));
        }

        @Override
        public String toString() {
            return count + " per " + window.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }

    /** Local parts that belong to machines, not people. */
    private static final Pattern MACHINE = Pattern.compile(
            "(?i)^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|donotreply|bounces?|bounce-.*|.*-bounces?"
                    + "|noreply-.*|.*\\+noreply|listserv|majordomo|mail-daemon|auto-?reply)$");

    private final Set<String> ownAddresses;
    private final List<RateTier> tiers;
    private final java.time.Clock clock;
    private final OutboxRepository outbox = new OutboxRepository();

    public DeliveryGuard(Set<String> ownAddresses, List<RateTier> tiers, java.time.Clock clock) {
        this.clock = clock;
        this.ownAddresses = ownAddresses.stream().map(a -> a.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
        this.tiers = List.copyOf(tiers);
    }

    /** Why this mail must not be sent, or empty when it may. Reads blocks and recent outbox rows. */
    public Optional<String> refuse(EntityManager em, String recipient, Long caseId) {
        String address = recipient == null ? "" : recipient.trim().toLowerCase(Locale.ROOT);
        if (address.isEmpty() || !address.contains("@")) {
            return Optional.of("not sent because the recipient address '" + recipient + "' is not valid");
        }
        if (ownAddresses.contains(address)) {
            return Optional.of("not sent because " + address + " is one of our own accounts");
        }
        String local = address.substring(0, address.indexOf('@'));
        if (MACHINE.matcher(local).matches()) {
            return Optional.of("not sent because " + address + " is a machine address (" + local + ")");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        OutboxRepository.Standing standing = outbox.standing(em, address, caseId, now,
                tiers.stream().map(t -> now.minus(t.window())).toList());
        if (standing.addressBlock() != null) {
            return Optional.of("blocked: " + address + " is blocked (" + standing.addressBlock() + ")");
        }
        if (standing.caseBlock() != null) {
            return Optional.of("blocked: automatic mail about this case is blocked (" + standing.caseBlock() + ")");
        }
        for (int i = 0; i < tiers.size(); i++) {
            RateTier tier = tiers.get(i);
            if (standing.sentSince().get(i) >= tier.count()) {
                return Optional.of("blocked: rate limit of " + tier + " automatic mails to " + address + " reached");
            }
        }
        return Optional.empty();
    }
}

package dev.mail2case.identify;

/**
 * What the contact records say about a sender. {@code kind} is CLIENT_CONTACT, EMPLOYEE, TENANT, or
 * DOMAIN (unknown person at a client's mail domain); null fields are simply not set on the record.
 */
public record Sender(long contactId, String kind, String name, Long clientId, String clientName,
                     Long clientDefaultJobId, String clientDefaultComponent, Long officeId, Long defaultJobId) {

    public boolean isEmployee() {
        return "EMPLOYEE".equals(kind);
    }

    public boolean isClientSide() {
        return "CLIENT_CONTACT".equals(kind) || "DOMAIN".equals(kind);
    }
}

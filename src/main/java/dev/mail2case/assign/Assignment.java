package dev.mail2case.assign;

import java.util.List;

/**
 * Where a new case goes and who holds it, with the rule behind each choice so that
 * {@code inspect --explain} and the case itself can say why. A refusal carries the reason the
 * sender is told instead.
 */
public record Assignment(Long jobId, String component, Long officeId, Long clientId, Long assigneeId, String queue,
                         List<String> because, String refusal) {

    public static final String UNASSIGNED = "Unassigned";

    public static Assignment refused(String reason, List<String> because) {
        return new Assignment(null, null, null, null, null, null, because, reason);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    public String explanation() {
        return String.join("; ", because);
    }
}

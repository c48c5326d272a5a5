package dev.mail2case.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

import java.time.OffsetDateTime;

/** A case: what a mail opened and what later mail and events add to. */
@Entity
@Table(name = "cases")
public class CaseFile {
    public enum Status { OPEN, CLOSED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    /** Given by the database sequence so numbers stay unique across replicas. */
    @Generated
    @Column(insertable = false, updatable = false)
    Long number;
    String account;
    String subject;
    @Column(name = "sender_address")
    String senderAddress;
    @Column(name = "sender_name")
    String senderName;
    @Column(name = "contact_id")
    Long contactId;
    @Column(name = "status")
    String status;
    String queue;
    @Column(name = "client_id")
    Long clientId;
    @Column(name = "job_id")
    Long jobId;
    String component;
    @Column(name = "office_id")
    Long officeId;
    @Column(name = "assignee_id")
    Long assigneeId;
    boolean unregistered;
    @Column(name = "closed_at")
    OffsetDateTime closedAt;
    @Column(name = "follow_up_due_at")
    OffsetDateTime followUpDueAt;
    @Column(name = "linked_case_id")
    Long linkedCaseId;
    @Column(name = "unknown_reference")
    String unknownReference;
    String assignment;
    @Column(name = "created_at")
    OffsetDateTime createdAt;
    @Column(name = "updated_at")
    OffsetDateTime updatedAt;

    public Long id() {
        return id;
    }

    public Long number() {
        return number;
    }

    public String subject() {
        return subject;
    }
}

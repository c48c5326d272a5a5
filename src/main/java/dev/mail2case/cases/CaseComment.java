package dev.mail2case.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

@Entity
@Table(name = "case_comments")
public class CaseComment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "case_id")
    Long caseId;
    @Column(name = "case_message_id")
    Long caseMessageId;
    String author;
    String body;
    @Column(name = "non_participant")
    boolean nonParticipant;
    @Column(name = "created_at")
    OffsetDateTime createdAt;
}

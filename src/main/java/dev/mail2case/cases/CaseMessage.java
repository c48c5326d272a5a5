package dev.mail2case.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A mail on a case, in or out; its Message-ID is what replies thread by. */
@Entity
@Table(name = "case_messages")
public class CaseMessage {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "case_id")
    Long caseId;
    @Column(name = "inbound_mail_id")
    Long inboundMailId;
    String direction;
    @Column(name = "message_id")
    String messageId;
    @Column(name = "from_address")
    String fromAddress;
    String subject;
    @Column(name = "body_text")
    String bodyText;
    @Column(name = "body_html")
    String bodyHtml;
    @Column(name = "non_participant")
    boolean nonParticipant;
    String automatic;
    @Column(name = "created_at")
    OffsetDateTime createdAt;
}

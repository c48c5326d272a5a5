package dev.mail2case.cases;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** Every mail taken from an account and what became of it; also the idempotency record. */
@Entity
@Table(name = "inbound_mail")
public class InboundMailRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String account;
    @Column(name = "idempotency_key")
    String idempotencyKey;
    @Column(name = "message_id")
    String messageId;
    @Column(name = "from_address")
    String fromAddress;
    String subject;
    @Column(name = "received_at")
    OffsetDateTime receivedAt;
    String outcome;
    @Column(name = "outcome_detail")
    String outcomeDetail;
    String defects;
    @Basic(fetch = FetchType.LAZY)
    byte[] raw;
}

package dev.mail2case.cases;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "attachments")
public class CaseAttachment {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    @Column(name = "case_id")
    Long caseId;
    @Column(name = "case_message_id")
    Long caseMessageId;
    String filename;
    @Column(name = "original_filename")
    String originalFilename;
    @Column(name = "content_type")
    String contentType;
    long size;
    @Column(name = "content_id")
    String contentId;
    boolean inline;
    String sha256;
    @Basic(fetch = FetchType.LAZY)
    byte[] content;
}

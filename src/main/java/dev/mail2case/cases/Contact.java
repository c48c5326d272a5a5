package dev.mail2case.cases;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Someone known by their mail address: a client contact, an employee or a registered tenant. */
@Entity
@Table(name = "contacts")
public class Contact {
    public enum Kind { CLIENT_CONTACT, EMPLOYEE, TENANT }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String email;
    String name;
    String kind;
    @Column(name = "client_id")
    Long clientId;
}

package dev.mail2case.identify;

import dev.mail2case.config.Database;
import dev.mail2case.support.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A lookup's answer matched to the contact records (one statement) against the real schema. */
class ContactRecordsTest {
    private final Database database = new Database(TestPostgres.newDatabase(), "postgres", "", 2);
    private final ContactRecords records = new ContactRecords(database);
    private long northwind;
    private long contoso;
    private long warsaw;
    private long krakow;
    private long nw200;
    private long gen1;
    private long anna;

    @BeforeEach
    void organisation() throws Exception {
        try (Connection c = database.dataSource().getConnection()) {
            c.createStatement().execute("""
                    INSERT INTO jobs (number, component) VALUES ('NW-200', 'Doors'), ('GEN-1', NULL);
                    INSERT INTO offices (name) VALUES ('Warsaw office'), ('Krakow office');
                    INSERT INTO clients (name, default_job_id, default_component)
                         SELECT 'Northwind Traders', id, 'Hinges' FROM jobs WHERE number = 'NW-200';
                    INSERT INTO clients (name) VALUES ('Contoso');
                    INSERT INTO contacts (email, name, kind, client_id, default_job_id, office_id)
                         SELECT 'anna@northwind.example', 'Anna', 'CLIENT_CONTACT', cl.id, j.id, o.id
                           FROM clients cl, jobs j, offices o
                          WHERE cl.name = 'Northwind Traders' AND j.number = 'GEN-1' AND o.name = 'Warsaw office';
                    """);
        }
        northwind = id("SELECT id FROM clients WHERE name = 'Northwind Traders'");
        contoso = id("SELECT id FROM clients WHERE name = 'Contoso'");
        warsaw = id("SELECT id FROM offices WHERE name = 'Warsaw office'");
        krakow = id("SELECT id FROM offices WHERE name = 'Krakow office'");
        nw200 = id("SELECT id FROM jobs WHERE number = 'NW-200'");
        gen1 = id("SELECT id FROM jobs WHERE number = 'GEN-1'");
        anna = id("SELECT id FROM contacts");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aKnownSenderKeepsTheRecordsOfTheirContactWhereTheAnswerNamesNone() {
        Sender s = records.sender(new ContactAnswer("CLIENT_CONTACT", "Anna", null, null, null, null),
                "Anna+support@Northwind.example");
        assertEquals(anna, s.contactId());
        assertEquals(northwind, s.clientId());
        assertEquals("Northwind Traders", s.clientName());
        assertEquals(nw200, s.clientDefaultJobId());
        assertEquals("Hinges", s.clientDefaultComponent());
        assertEquals(warsaw, s.officeId());
        assertEquals(gen1, s.defaultJobId());
    }

    @Test
    void namesInTheAnswerOverrideTheContactsOwnRecordsWhateverTheirCase() {
        Sender s = records.sender(new ContactAnswer("CLIENT_CONTACT", "Anna", null, "CONTOSO", "krakow OFFICE",
                "NW-200"), "anna@northwind.example");
        assertEquals(anna, s.contactId());
        assertEquals(contoso, s.clientId());
        assertEquals("Contoso", s.clientName(), "the client's name as recorded");
        assertNull(s.clientDefaultJobId());
        assertEquals(krakow, s.officeId());
        assertEquals(nw200, s.defaultJobId());
    }

    @Test
    void aNameThatMatchesNoRecordLeavesItsIdEmptyAndKeepsTheAnswersClientName() {
        Sender s = records.sender(new ContactAnswer("CLIENT_CONTACT", "Anna", null, "Unknown Ltd", "Nowhere",
                "X-1"), "anna@northwind.example");
        assertEquals(anna, s.contactId());
        assertNull(s.clientId());
        assertEquals("Unknown Ltd", s.clientName());
        assertNull(s.officeId());
        assertNull(s.defaultJobId());
    }

    @Test
    void aDomainAnswerIsNoContactEvenForAKnownAddress() {
        Sender s = records.sender(new ContactAnswer("DOMAIN", null, null, "Northwind Traders", null, null),
                "anna@northwind.example");
        assertEquals(0, s.contactId());
        assertEquals(northwind, s.clientId());
    }

    @Test
    void anUnknownAddressResolvesOnlyWhatTheAnswerNames() {
        Sender s = records.sender(new ContactAnswer("CLIENT_CONTACT", "Bob", null, "Contoso", null, null),
                "bob@contoso.example");
        assertEquals(0, s.contactId());
        assertEquals(contoso, s.clientId());
        assertNull(s.officeId());
        assertNull(s.defaultJobId());
    }

    private long id(String sql) throws Exception {
        try (Connection c = database.dataSource().getConnection();
             var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

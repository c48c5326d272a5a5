package dev.mail2case.assign;

import dev.mail2case.identify.Sender;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssignmentChainTest {
    private static final long CLIENT_JOB = 20;
    private static final long AGENCY_JOB = 10;
    private static final long EMPLOYEE_JOB = 30;
    private static final long OFFICE = 5;
    private static final long OFFICE_WITHOUT_ASSIGNEE = 6;

    private final AssignmentChain chain = new AssignmentChain();
    private final Map<Long, Long> jobAssignees = Map.of(CLIENT_JOB, 100L, AGENCY_JOB, 101L, EMPLOYEE_JOB, 102L);
    private final Map<Long, Long> officeAssignees = Map.of(OFFICE, 103L);
    private final AssignmentChain.Assignees assignees = AssignmentChain.assignees(jobAssignees::get,
            officeAssignees::get);

    private static Sender client(Long defaultJob) {
        return new Sender(1, "CLIENT_CONTACT", "Anna", 7L, "Northwind", defaultJob, "02", null, null);
    }

    private static Sender employee(Long office, Long job) {
        return new Sender(2, "EMPLOYEE", "Ola", null, null, null, null, office, job);
    }

    @Test
    void clientContactGoesToTheClientsDefaultJobAndComponent() {
        Assignment a = chain.assign(client(CLIENT_JOB), AGENCY_JOB, assignees);
        assertEquals(CLIENT_JOB, a.jobId());
        assertEquals("02", a.component());
        assertEquals(7L, a.clientId());
        assertEquals(100L, a.assigneeId());
        assertNull(a.queue());
    }

    @Test
    void clientWithoutDefaultJobFallsBackToTheAgencyDefaultJob() {
        Assignment a = chain.assign(client(null), AGENCY_JOB, assignees);
        assertEquals(AGENCY_JOB, a.jobId());
        assertEquals(101L, a.assigneeId());
        assertTrue(a.explanation().contains("agency's default job"), a.explanation());
    }

    @Test
    void clientWithNoJobAnywhereGoesToTheClientItselfInTheUnassignedQueue() {
        Assignment a = chain.assign(client(null), null, assignees);
        assertNull(a.jobId());
        assertEquals(7L, a.clientId());
        assertEquals(Assignment.UNASSIGNED, a.queue());
        assertTrue(a.explanation().contains("the client itself"), a.explanation());
    }

    @Test
    void employeeGoesToTheirDefaultJobBeforeTheirOffice() {
        Assignment a = chain.assign(employee(OFFICE, EMPLOYEE_JOB), AGENCY_JOB, assignees);
        assertEquals(EMPLOYEE_JOB, a.jobId());
        assertNull(a.officeId());
        assertEquals(102L, a.assigneeId());
    }

    @Test
    void employeeWithoutDefaultJobGoesToTheirOfficesDefaultAssignee() {
        Assignment a = chain.assign(employee(OFFICE, null), AGENCY_JOB, assignees);
        assertEquals(OFFICE, a.officeId());
        assertNull(a.jobId(), "the agency default job is for client contacts, not employees");
        assertEquals(103L, a.assigneeId());
    }

    @Test
    void officeWithoutDefaultAssigneeLeavesTheCaseInTheUnassignedQueue() {
        Assignment a = chain.assign(employee(OFFICE_WITHOUT_ASSIGNEE, null), AGENCY_JOB, assignees);
        assertNull(a.assigneeId());
        assertEquals(Assignment.UNASSIGNED, a.queue());
    }

    @Test
    void employeeWithNeitherJobNorOfficeIsRefusedWithNoOfficeAssigned() {
        Assignment a = chain.assign(employee(null, null), AGENCY_JOB, assignees);
        assertTrue(a.isRefused());
        assertTrue(a.refusal().startsWith("no office assigned"), a.refusal());
    }

    @Test
    void unknownSenderGoesToTheAgencyDefaultJobElseUnassigned() {
        assertEquals(AGENCY_JOB, chain.assign(null, AGENCY_JOB, assignees).jobId());
        Assignment none = chain.assign(null, null, assignees);
        assertEquals(Assignment.UNASSIGNED, none.queue());
        assertNull(none.assigneeId());
    }
}

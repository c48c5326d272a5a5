package dev.mail2case.assign;

import dev.mail2case.identify.Sender;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The assignment chain for a new case:
 * <ul>
 *   <li>a client contact: the client's default job (and component), else the agency's default job,
 *       else the client itself;</li>
 *   <li>an employee: the employee's default job, else the employee's office; with neither the case
 *       is refused ("no office assigned");</li>
 *   <li>anyone else (tenants, unregistered senders): the agency's default job, else the Unassigned queue.</li>
 * </ul>
 * The assignee is the default assignee of the chosen job or office; without one the case waits in
 * the Unassigned queue.
 */
public class AssignmentChain {

    /** Default assignees of jobs and offices, looked up by id (null when none). */
    public interface Assignees {
        Long ofJob(long jobId);

        Long ofOffice(long officeId);
    }

    public Assignment assign(Sender sender, Long agencyDefaultJobId, Assignees assignees) {
        List<String> because = new ArrayList<>();
        Long jobId = null;
        Long officeId = null;
        Long clientId = null;
        String component = null;
        if (sender != null && sender.isEmployee()) {
            if (sender.defaultJobId() != null) {
                jobId = sender.defaultJobId();
                because.add("employee's default job");
            } else if (sender.officeId() != null) {
                officeId = sender.officeId();
                because.add("employee's office");
            } else {
                because.add("employee has neither a default job nor an office");
                return Assignment.refused("no office assigned: your employee record has neither a default job"
                        + " nor an office, so the request cannot be filed", because);
            }
        } else if (sender != null && sender.isClientSide()) {
            clientId = sender.clientId();
            if (sender.clientDefaultJobId() != null) {
                jobId = sender.clientDefaultJobId();
                component = sender.clientDefaultComponent();
                because.add("client's default job");
            } else if (agencyDefaultJobId != null) {
                jobId = agencyDefaultJobId;
                because.add("agency's default job (the client has none)");
            } else {
                because.add("the client itself (no client or agency default job)");
            }
        } else if (agencyDefaultJobId != null) {
            jobId = agencyDefaultJobId;
            because.add("agency's default job");
        } else {
            because.add("no job applies");
        }
        Long assignee = null;
        if (jobId != null) {
            assignee = assignees.ofJob(jobId);
            because.add(assignee != null ? "assignee: the job's default assignee" : "the job has no default assignee");
        } else if (officeId != null) {
            assignee = assignees.ofOffice(officeId);
            because.add(assignee != null ? "assignee: the office's default assignee"
                    : "the office has no default assignee");
        }
        String queue = assignee == null ? Assignment.UNASSIGNED : null;
        if (queue != null) {
            because.add("queue: Unassigned");
        }
        return new Assignment(jobId, component, officeId, clientId, assignee, queue, because, null);
    }

    /** Adapter for lookups that are plain functions. */
    public static Assignees assignees(LongFunction<Long> ofJob, LongFunction<Long> ofOffice) {
        return new Assignees() {
            @Override
            public Long ofJob(long jobId) {
                return ofJob.apply(jobId);
            }

            @Override
            public Long ofOffice(long officeId) {
                return ofOffice.apply(officeId);
            }
        };
    }
}

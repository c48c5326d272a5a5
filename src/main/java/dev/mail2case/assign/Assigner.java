package dev.mail2case.assign;

import dev.mail2case.config.Database;
import dev.mail2case.identify.Sender;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.pipeline.Outcome;
import dev.mail2case.pipeline.Pipeline;
import jakarta.persistence.EntityManager;
import org.apache.camel.Exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage {@code assign}: the assignment chain over the contact records, then the first matching
 * routing rule. An employee with neither default job nor office is refused, as the chain says.
 */
public class Assigner {
    private final Database database;
    private final RoutingRules rules;
    private final AssignmentChain chain = new AssignmentChain();
    private final OrganisationRepository organisation = new OrganisationRepository();

    public Assigner(Database database, RoutingRules rules) {
        this.database = database;
        this.rules = rules;
    }

    /** The route sets {@link Pipeline#OUTCOME} to what this returns; the assignment goes in {@link Pipeline#ASSIGNMENT}. */
    public Outcome assign(Exchange exchange) {
        String settingsAccount = exchange.getProperty(Pipeline.SETTINGS_ACCOUNT, String.class);
        Assignment a = assign(settingsAccount != null ? settingsAccount : exchange.getProperty(Pipeline.ACCOUNT, String.class),
                exchange.getProperty(Pipeline.CONTACT, Sender.class),
                exchange.getProperty(Pipeline.MAIL, InboundMail.class),
                exchange.getProperty(Pipeline.ORIGINAL_RECIPIENT, String.class));
        exchange.setProperty(Pipeline.ASSIGNMENT, a);
        if (a.isRefused()) {
            exchange.setProperty(Pipeline.REFUSAL, a.refusal());
        }
        return outcome(exchange.getProperty(Pipeline.OUTCOME, Outcome.class), a);
    }

    /** A refused assignment (an employee with neither job nor office) rejects the mail. */
    public static Outcome outcome(Outcome before, Assignment a) {
        return a.isRefused() ? Outcome.REJECT : before;
    }

    public Assignment assign(String account, Sender sender, InboundMail mail, String originalRecipient) {
        return database.read(em -> {
            Assignment a = chain.assign(sender, organisation.agencyDefaultJob(em), AssignmentChain.assignees(
                    job -> organisation.job(em, job).map(OrganisationRepository.Job::defaultAssigneeId).orElse(null),
                    office -> organisation.officeDefaultAssignee(em, office)));
            if (a.isRefused() || mail == null) {
                return a;
            }
            Optional<RoutingRules.Rule> rule = rules.firstMatch(account, mail.subject(), mail.text(), originalRecipient,
                    mail.from() == null ? null : mail.from().address());
            return withJobComponent(em, rule.map(r -> apply(em, r, a)).orElse(a));
        });
    }

    private Assignment apply(EntityManager em, RoutingRules.Rule rule, Assignment a) {
        List<String> because = new ArrayList<>(a.because());
        Long jobId = a.jobId();
        String component = a.component();
        Long assignee = a.assigneeId();
        String queue = a.queue();
        if (rule.job() != null) {
            Optional<OrganisationRepository.Job> job = organisation.jobByNumber(em, rule.job());
            if (job.isEmpty()) {
                because.add("rule '" + rule.name() + "' names job " + rule.job() + ", which does not exist");
            } else {
                jobId = job.get().id();
                component = null;
                because.add("job " + rule.job() + " by rule '" + rule.name() + "'");
                if (rule.assignee() == null) {
                    assignee = job.get().defaultAssigneeId();
                }
            }
        }
        if (rule.assignee() != null) {
            Long id = organisation.employeeByAddress(em, rule.assignee());
            if (id == null) {
                because.add("rule '" + rule.name() + "' names assignee " + rule.assignee() + ", who is no employee");
            } else {
                assignee = id;
                because.add("assignee " + rule.assignee() + " by rule '" + rule.name() + "'");
            }
        }
        if (rule.queue() != null) {
            queue = rule.queue();
            because.add("queue " + rule.queue() + " by rule '" + rule.name() + "'");
        } else if (assignee != null && Assignment.UNASSIGNED.equals(queue)) {
            queue = null;
        } else if (assignee == null && queue == null) {
            queue = Assignment.UNASSIGNED;
        }
        return new Assignment(jobId, component, a.officeId(), a.clientId(), assignee, queue, because, null);
    }

    /** Without a component of the client's own, the job's component is used. */
    private Assignment withJobComponent(EntityManager em, Assignment a) {
        if (a.component() != null || a.jobId() == null) {
            return a;
        }
        String component = organisation.job(em, a.jobId()).map(OrganisationRepository.Job::component).orElse(null);
        return component == null ? a : new Assignment(a.jobId(), component, a.officeId(), a.clientId(),
                a.assigneeId(), a.queue(), a.because(), null);
    }
}

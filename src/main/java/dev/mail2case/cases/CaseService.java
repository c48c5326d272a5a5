package dev.mail2case.cases;

import dev.mail2case.assign.Assignment;
import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.identify.ForwardedMail;
import dev.mail2case.identify.Sender;
import dev.mail2case.identify.SenderTrust;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.pipeline.Pipeline;
import dev.mail2case.thread.Threader;
import org.apache.camel.Exchange;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * What the record route calls: reads what the stages decided from the exchange and hands the mail to
 * the owner of what becomes of it: a new case ({@link NewCases}), a reply ({@link Replies}) or mail
 * kept without a case ({@link KeptMail}). Each records the mail in one transaction.
 */
public class CaseService {

    private final Map<String, AccountSettings> accounts;
    private final NewCases newCases;
    private final Replies replies;
    private final KeptMail kept;

    public CaseService(Map<String, AccountSettings> accounts, NewCases newCases, Replies replies, KeptMail kept) {
        this.accounts = accounts;
        this.newCases = newCases;
        this.replies = replies;
        this.kept = kept;
    }

    /** Opens a case for the mail on the exchange and sets {@link Pipeline#CASE_NUMBER}. */
    public void record(Exchange exchange) {
        AccountSettings account = account(exchange);
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        Threader.Decision thread = exchange.getProperty(Pipeline.THREAD, Threader.Decision.class);
        NewCases.Recorded recorded = newCases.open(new NewCases.Request(account, mailbox(exchange),
                exchange.getProperty(Pipeline.KEY, String.class), exchange.getProperty(Pipeline.RAW, byte[].class),
                mail, ForwardedMail.sender(exchange, mail), exchange.getProperty(Pipeline.CONTACT, Sender.class),
                exchange.getProperty(Pipeline.ASSIGNMENT, Assignment.class),
                exchange.getProperty(Pipeline.OUTCOME) == dev.mail2case.pipeline.Outcome.NEW_CASE_UNREGISTERED,
                exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class),
                thread == null ? null : thread.linkTo(), thread == null ? null : thread.unknownReference(),
                senderFlag(exchange)));
        exchange.setProperty(Pipeline.CASE_NUMBER, recorded.caseNumber());
    }

    /** The mail joins the case threading found, and sets {@link Pipeline#CASE_NUMBER}. */
    public void addReply(Exchange exchange) {
        Threader.Decision thread = exchange.getProperty(Pipeline.THREAD, Threader.Decision.class);
        replies.add(new Replies.Request(account(exchange), mailbox(exchange),
                exchange.getProperty(Pipeline.KEY, String.class), exchange.getProperty(Pipeline.RAW, byte[].class),
                exchange.getProperty(Pipeline.MAIL, InboundMail.class), thread.caseId(), thread.caseNumber(),
                thread.how(), thread.reopen(), thread.nonParticipant(),
                exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class), senderFlag(exchange)));
        exchange.setProperty(Pipeline.CASE_NUMBER, thread.caseNumber());
    }

    /** No case: the mail is kept with the reason, and the sender is told why. */
    public void reject(Exchange exchange) {
        InboundMail mail = exchange.getProperty(Pipeline.MAIL, InboundMail.class);
        kept.refuse(account(exchange), mailbox(exchange), exchange.getProperty(Pipeline.KEY, String.class),
                exchange.getProperty(Pipeline.RAW, byte[].class), mail, ForwardedMail.sender(exchange, mail),
                exchange.getProperty(Pipeline.REFUSAL, String.class),
                exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class));
    }

    /** Automatic mail that joins no case: kept with what it is, never a case, never answered. */
    public void recordAutomatic(Exchange exchange) {
        String kind = exchange.getProperty(Pipeline.KIND, String.class);
        keep(exchange, kind.toUpperCase(Locale.ROOT).replace('-', '_'),
                exchange.getProperty(Pipeline.NO_AUTO_REPLY, String.class));
    }

    /** Our own mail came back: kept with the reason, never processed as new. */
    public void recordOwnMail(Exchange exchange) {
        keep(exchange, "LOOP", exchange.getProperty(Pipeline.OWN_MAIL, String.class));
    }

    /** No case and no mail: the mail is only kept, so it can be found later. */
    public void ignore(Exchange exchange) {
        keep(exchange, "IGNORED", "unknown sender; the account ignores unknown senders");
    }

    private void keep(Exchange exchange, String outcome, String detail) {
        kept.keep(account(exchange), mailbox(exchange), exchange.getProperty(Pipeline.KEY, String.class),
                exchange.getProperty(Pipeline.RAW, byte[].class), exchange.getProperty(Pipeline.MAIL, InboundMail.class),
                outcome, detail);
    }

    private AccountSettings account(Exchange exchange) {
        AccountSettings account = Pipeline.settings(exchange, accounts);
        if (account == null) {
            throw new IllegalStateException("Mail arrived for unknown account '"
                    + exchange.getProperty(Pipeline.ACCOUNT, String.class) + "'");
        }
        return account;
    }

    /** Why the From is not verified, when the account's server failed it; null otherwise. */
    private static String senderFlag(Exchange exchange) {
        SenderTrust.Verdict trust = exchange.getProperty(Pipeline.SENDER_TRUST, SenderTrust.Verdict.class);
        return trust == null ? null : trust.flag();
    }

    private static String mailbox(Exchange exchange) {
        return exchange.getProperty(Pipeline.ACCOUNT, String.class);
    }

    /** Builds the owners of recording a mail on one set of repositories. */
    public static CaseService create(Database database, Map<String, AccountSettings> accounts, CaseNotices notices,
                                     CaseFloodGuard.Blocker blocker, Function<InboundMail, String> replyText,
                                     LongFunction<String> caseToken, int floodLimit, Duration floodWindow,
                                     Duration floodBlock) {
        InboundMailRepository inbound = new InboundMailRepository();
        CaseRepository cases = new CaseRepository();
        CaseFloodGuard flood = new CaseFloodGuard(cases, blocker, floodLimit, floodWindow, floodBlock);
        return new CaseService(accounts, new NewCases(database, inbound, cases, notices, caseToken),
                new Replies(database, inbound, cases, notices, flood, replyText, caseToken),
                new KeptMail(database, inbound, notices));
    }
}

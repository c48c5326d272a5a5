package dev.mail2case.cases;

import dev.mail2case.config.AccountSettings;
import dev.mail2case.config.Database;
import dev.mail2case.mail.InboundMail;
import dev.mail2case.mail.MailAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;

/**
 * Mail that opens no case is still kept, with what it is and why: automatic mail, our own mail coming
 * back, mail from ignored senders, and refused mail, whose sender is told why.
 */
public class KeptMail {
    private static final Logger LOG = LoggerFactory.getLogger(KeptMail.class);

    private final Database database;
    private final InboundMailRepository inbound;
    private final CaseNotices notices;

    public KeptMail(Database database, InboundMailRepository inbound, CaseNotices notices) {
        this.database = database;
        this.inbound = inbound;
        this.notices = notices;
    }

    /** Keeps the mail with {@code outcome} and {@code detail}; nobody is told. */
    public void keep(AccountSettings account, String mailbox, String key, byte[] raw, InboundMail mail, String outcome,
                     String detail) {
        database.inTransaction(em -> {
            inbound.claim(em, mailbox, key);
            inbound.insert(em, new InboundMailRepository.NewInbound(mailbox, key, raw, mail, OffsetDateTime.now(),
                    outcome, detail));
            inbound.clearFailures(em, mailbox, key);
            return null;
        });
        LOG.info("Mail {} on account {} kept without a case ({}): {}", key, account.id(), outcome, detail);
    }

    /** No case: the mail is kept with the reason, and {@code from} is told why. */
    public void refuse(AccountSettings account, String mailbox, String key, byte[] raw, InboundMail mail,
                       MailAddress from, String reason, String noAutoReply) {
        database.inTransaction(em -> {
            inbound.claim(em, mailbox, key);
            long id = inbound.insert(em, new InboundMailRepository.NewInbound(mailbox, key, raw, mail,
                    OffsetDateTime.now(), "REJECTED", reason));
            notices.mailRefused(em, new CaseNotices.MailRefused(account, id, mail, from, reason, noAutoReply));
            inbound.clearFailures(em, mailbox, key);
            return null;
        });
        LOG.info("Mail {} from {} on account {} opened no case: {}", key,
                mail.from() == null ? "(no sender)" : mail.from().address(), account.id(), reason);
    }
}

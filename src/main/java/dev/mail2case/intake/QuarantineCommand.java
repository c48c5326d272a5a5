package dev.mail2case.intake;

import dev.mail2case.config.CommandSettings;
import dev.mail2case.config.Database;
import dev.mail2case.config.Startup;

import java.io.PrintStream;
import java.util.List;

/** The quarantine and replay commands: they need the database only, not the running routes. */
public final class QuarantineCommand {
    private QuarantineCommand() {
    }

    public static int list(PrintStream out) {
        try (Database db = open()) {
            if (db == null) {
                return 1;
            }
            List<Quarantine.Entry> entries = new Quarantine(db).list();
            if (entries.isEmpty()) {
                out.println("The quarantine is empty.");
            }
            for (Quarantine.Entry e : entries) {
                out.printf("#%d  %s  account=%s  tries=%d  subject=%s  message-id=%s%n", e.id(), e.quarantinedAt(),
                        e.account(), e.attempts(), e.subject(), e.messageId());
                e.reasons().lines().forEach(r -> out.println("     " + r));
                if (e.replayRequestedAt() != null || e.replayResult() != null) {
                    out.printf("     replay: requested %s by %s, %s%n", e.replayRequestedAt(), e.replayRequestedBy(),
                            e.replayResult() == null ? "waiting for the service" : e.replayResult());
                }
            }
            return 0;
        }
    }

    public static int replay(List<String> ids, PrintStream out) {
        if (ids.isEmpty()) {
            System.err.println("usage: mail2case.jar replay ID... (ids from: mail2case.jar quarantine)");
            return 2;
        }
        try (Database db = open()) {
            if (db == null) {
                return 1;
            }
            Quarantine quarantine = new Quarantine(db);
            int status = 0;
            for (String id : ids) {
                long n;
                try {
                    n = Long.parseLong(id.replace("#", ""));
                } catch (NumberFormatException e) {
                    System.err.println("not a quarantine id: " + id);
                    status = 2;
                    continue;
                }
                if (quarantine.requestReplay(n, "cli:" + System.getProperty("user.name"))) {
                    out.println("#" + n + " will be replayed by the running service.");
                } else {
                    System.err.println("#" + n + " is not waiting in quarantine.");
                    status = 1;
                }
            }
            return status;
        }
    }

    private static Database open() {
        try {
            return Database.from(CommandSettings.load());
        } catch (RuntimeException e) {
            Startup.failed(e);
            return null;
        }
    }
}

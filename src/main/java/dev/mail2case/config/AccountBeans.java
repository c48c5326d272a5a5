package dev.mail2case.config;

import dev.mail2case.auth.AccountStatus;
import dev.mail2case.auth.MailLogins;
import dev.mail2case.graph.GraphAccounts;

/** What each account's poller route names: its session settings, its login and its poll strategy. */
final class AccountBeans {
    private AccountBeans() {
    }

    static String mailPropertiesBean(AccountSettings a) {
        return "mailProperties-" + a.id();
    }

    static void bind(Wiring w, AccountStatus accountStatus) {
        for (AccountSettings a : w.accounts()) {
            w.bind(mailPropertiesBean(a), a.javaMailProperties());
            if (a.poll() && a.protocol().equals("graph")) {
                GraphAccounts.bind(w.registry(), w.settings(), a, w.database(), accountStatus, w.clock());
            } else if (a.poll()) {
                MailLogins.bindAccount(w.registry(), a, accountStatus, w.clock());
            }
        }
    }
}

package dev.mail2case.support;

import dev.mail2case.start.Mail2CaseApp;

import java.util.Properties;

/** mail2case in a JVM of its own, started as the tests start it, for tests that kill it with SIGKILL. */
public final class ChildApp {
    private ChildApp() {
    }

    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("mail2case.") || name.startsWith("camel.")) {
                settings.setProperty(name, System.getProperty(name));
            }
        }
        Mail2CaseApp.start(settings);
        Thread.currentThread().join();
    }
}

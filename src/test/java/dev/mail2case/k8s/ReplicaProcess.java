package dev.mail2case.k8s;

import dev.mail2case.start.Mail2CaseApp;

import java.io.FileInputStream;
import java.io.InputStream;
import java.util.Properties;

/** One replica of mail2case in a JVM of its own, so a test can kill it as the kernel would (SIGKILL). */
public final class ReplicaProcess {
    static final String STARTED = "replica started";

    private ReplicaProcess() {
    }

    /** Argument: a properties file of settings. Stops cleanly when its standard input closes. */
    public static void main(String[] args) throws Exception {
        Properties settings = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            settings.load(in);
        }
        Mail2CaseApp app = Mail2CaseApp.start(settings);
        System.out.println(STARTED);
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the test to close our input
        }
        app.close();
    }
}

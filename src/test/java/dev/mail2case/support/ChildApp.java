package dev.mail2case.support;

import dev.mail2case.start.Mail2CaseApp;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** mail2case in a JVM of its own, started as the tests start it, for tests that kill it with SIGKILL. */
public final class ChildApp {
    private ChildApp() {
    }

    /** Starts mail2case with these settings in a JVM of its own with these options, its output in {@code log}. */
    public static Process start(Properties settings, Path log, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.add("-cp");
        command.add(classpath());
        settings.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(ChildApp.class.getName());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The test classpath, each entry once (the same folder twice would load every route file twice). */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Set<String> entries = new LinkedHashSet<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
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

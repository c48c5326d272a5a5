package dev.mail2case.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

/** Says what start-up is doing as each part comes up, with how long it took and the time since launch. */
public final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    private Startup() {
    }

    /** Runs one part of start-up and logs it once it is up. */
    public static <T> T step(String what, Supplier<T> part) {
        long t = System.nanoTime();
        T result = part.get();
        done(what, t);
        return result;
    }

    /** Logs that a part begun at {@code startNanos} is up. */
    public static void done(String what, long startNanos) {
        LOG.info("{} in {} ms ({} s since launch)", what, (System.nanoTime() - startNanos) / 1_000_000,
                String.format(java.util.Locale.ROOT, "%.1f", sinceLaunchMillis() / 1000.0));
    }

    public static long sinceLaunchMillis() {
        return System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    }

    /** Prints the setting that stopped start-up, when one did, instead of a stack trace. */
    public static int failed(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SettingException s) {
                System.err.println("mail2case cannot start: " + s.getMessage());
                return 1;
            }
        }
        System.err.println("mail2case cannot start: " + e);
        e.printStackTrace();
        return 1;
    }
}

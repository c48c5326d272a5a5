package dev.mail2case.config;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Quartz with the JDBC job store in mail2case's own PostgreSQL, clustered: every replica runs a
 * scheduler, and each timer fires on one of them. The quartz component of the routes uses it.
 */
public final class Timers {
    private static final String DATA_SOURCE = "mail2case";

    private Timers() {
    }

    /** Creates the scheduler; {@link #attach} hands it to the routes' quartz component once configured. */
    public static Scheduler create(DataSource dataSource) {
        DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new ConnectionProvider() {
            @Override
            public Connection getConnection() throws SQLException {
                return dataSource.getConnection();
            }

            @Override
            public void shutdown() {
                // the pool belongs to the application
            }

            @Override
            public void initialize() {
                // nothing to set up
            }
        });
        Properties q = new Properties();
        q.setProperty("org.quartz.scheduler.instanceName", "mail2case");
        q.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        q.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        q.setProperty("org.quartz.threadPool.threadCount", "2");
        q.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        q.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        q.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
        q.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        q.setProperty("org.quartz.jobStore.isClustered", "true");
        q.setProperty("org.quartz.jobStore.clusterCheckinInterval", "10000");
        q.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        try {
            return new StdSchedulerFactory(q).getScheduler();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz could not start: " + e.getMessage(), e);
        }
    }

    public static void attach(CamelContext context, Scheduler scheduler) {
        context.getComponent("quartz", QuartzComponent.class).setScheduler(scheduler);
    }

    public static void shutdown(Scheduler scheduler) {
        try {
            if (scheduler != null && !scheduler.isShutdown()) {
                scheduler.shutdown(true);
            }
        } catch (SchedulerException ignored) {
            // stopping anyway
        }
    }
}

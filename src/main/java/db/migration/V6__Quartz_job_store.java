package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;

/**
 * Quartz's JDBC job store tables, from the DDL that ships inside the Quartz jar, so the schema always
 * matches the Quartz version on the classpath. Its DROP and COMMIT lines are left out: Flyway owns the
 * transaction and the tables are new.
 */
public class V6__Quartz_job_store extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        String script;
        try (InputStream in = org.quartz.Scheduler.class.getClassLoader()
                .getResourceAsStream("org/quartz/impl/jdbcjobstore/tables_postgres.sql")) {
            if (in == null) {
                throw new IllegalStateException("Quartz's tables_postgres.sql is not on the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            String t = line.trim();
            if (t.startsWith("#") || t.startsWith("--") || t.toUpperCase().startsWith("DROP ")
                    || t.equalsIgnoreCase("COMMIT;")) {
                continue;
            }
            sql.append(line).append('\n');
        }
        try (Statement st = context.getConnection().createStatement()) {
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    st.execute(statement);
                }
            }
        }
    }
}

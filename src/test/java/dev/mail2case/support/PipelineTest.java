package dev.mail2case.support;

import dev.mail2case.start.Mail2CaseApp;
import org.junit.jupiter.api.AfterEach;

import java.util.Properties;

/** A test of the running pipeline on real GreenMail and PostgreSQL; both stop after each test. */
public abstract class PipelineTest {
    protected final TestMailServer mail = new TestMailServer();
    protected Properties settings;
    protected Mail2CaseApp app;

    @AfterEach
    protected void stopAppAndMailServer() {
        if (app != null) {
            app.close();
        }
        mail.close();
    }
}

package dev.mail2case.config;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A settings file (what the demo writes for the other commands) read through Camel's properties component. */
class SettingsFileTest {

    @AfterEach
    void forgetFile() {
        System.clearProperty("mail2case.settings");
        System.clearProperty("mail2case.smtp.port");
    }

    @Test
    void settingsFileFillsWhatApplicationPropertiesLeavesOpen() throws Exception {
        Path file = Files.createTempFile("mail2case-settings", ".properties");
        Files.writeString(file, "mail2case.db.url = jdbc:postgresql://127.0.0.1:5999/cases\nmail2case.smtp.port = 2525\n");
        System.setProperty("mail2case.settings", file.toString());
        Settings settings = CommandSettings.load();
        assertEquals("jdbc:postgresql://127.0.0.1:5999/cases", settings.require("mail2case.db.url"));
        assertEquals(2525, settings.integer("mail2case.smtp.port", 25, 1, 65535));
    }

    @Test
    void systemPropertyWinsOverTheSettingsFile() throws Exception {
        Path file = Files.createTempFile("mail2case-settings", ".properties");
        Files.writeString(file, "mail2case.smtp.port = 2525\n");
        System.setProperty("mail2case.settings", file.toString());
        System.setProperty("mail2case.smtp.port", "2626");
        assertEquals(2626, CommandSettings.load().integer("mail2case.smtp.port", 25, 1, 65535));
    }

    @Test
    void missingSettingsFileStopsStartUpNamingTheSetting() {
        System.setProperty("mail2case.settings", "/nonexistent/mail2case-demo.properties");
        SettingException e = assertThrows(SettingException.class, CommandSettings::load);
        assertEquals("MAIL2CASE_SETTINGS", e.setting());
        assertTrue(e.getMessage().contains("/nonexistent/mail2case-demo.properties"), e.getMessage());
    }
}

package dev.mail2case.config;

/** A setting is missing or wrong; the message names it so start-up can say what to fix. */
public class SettingException extends RuntimeException {
    private final String setting;

    public SettingException(String setting, String problem) {
        super("Setting '" + setting + "' " + problem);
        this.setting = setting;
    }

    public String setting() {
        return setting;
    }
}

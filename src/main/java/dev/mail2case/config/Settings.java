package dev.mail2case.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Typed access to mail2case settings. An environment variable (the key upper-cased, dots and dashes
 * as underscores: {@code MAIL2CASE_DB_URL}) wins over the properties, so ops can set anything per
 * deployment; the properties themselves may hold {@code {{env:NAME}}} placeholders for secrets.
 */
public final class Settings {

    private final Function<String, Optional<String>> properties;
    private final Map<String, String> environment;

    /**
     * Settings as Camel's properties component resolves them: it already lets an environment variable
     * ({@code MAIL2CASE_DB_URL}) or a system property win over the settings file and application.properties.
     */
    public Settings(Function<String, Optional<String>> properties) {
        this(properties, Map.of());
    }

    /** With an environment of its own, which wins over {@code properties} (for callers without Camel). */
    public Settings(Function<String, Optional<String>> properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /**
     * Where Camel's properties component reads settings: application.properties in the jar, then the
     * file named by {@code MAIL2CASE_SETTINGS} (or {@code -Dmail2case.settings}), whose keys win.
     * Environment variables and system properties win over both.
     */
    public static String locations() {
        String file = System.getProperty("mail2case.settings", System.getenv("MAIL2CASE_SETTINGS"));
        if (file == null || file.isBlank()) {
            return "classpath:application.properties";
        }
        if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(file))) {
            throw new SettingException("MAIL2CASE_SETTINGS", "names '" + file + "', which is no readable file");
        }
        // the properties component takes a key from the first location that has it
        return "file:" + java.nio.file.Path.of(file).toAbsolutePath() + ",classpath:application.properties";
    }

    public static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public Optional<String> get(String key) {
        String env = environment.get(environmentName(key));
        if (env != null) {
            return Optional.of(env.trim()).filter(s -> !s.isEmpty());
        }
        return properties.apply(key).map(String::trim).filter(s -> !s.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new SettingException(key, "is missing"));
    }

    public int integer(String key, int fallback, int min, int max) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.get());
            if (n < min || n > max) {
                throw new SettingException(key, "is " + n + " but must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new SettingException(key, "is '" + value.get() + "' but must be a whole number");
        }
    }

    public boolean bool(String key, boolean fallback) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new SettingException(key, "is '" + value.get() + "' but must be true or false");
        };
    }

    public String oneOf(String key, String fallback, String... allowed) {
        String value = get(key, fallback);
        for (String a : allowed) {
            if (a.equalsIgnoreCase(value)) {
                return a;
            }
        }
        throw new SettingException(key, "is '" + value + "' but must be one of " + String.join(", ", allowed));
    }

    public List<String> list(String key) {
        return get(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }
}

package dev.mail2case.config;

import org.apache.camel.impl.DefaultCamelContext;

/**
 * Settings for commands that run without the routes (replay, quarantine listing): the same
 * application.properties, system properties and environment variables the service reads.
 */
public final class CommandSettings {
    private CommandSettings() {
    }

    public static Settings load() {
        DefaultCamelContext context = new DefaultCamelContext();
        var pc = context.getPropertiesComponent();
        pc.setLocation(Settings.locations());
        pc.setOverrideProperties(System.getProperties());
        return new Settings(pc::resolveProperty);
    }
}

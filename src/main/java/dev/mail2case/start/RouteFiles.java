package dev.mail2case.start;

import dev.mail2case.config.SettingException;
import dev.mail2case.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the route files come from: the ones shipped in the jar, overridden file by file (and added to)
 * by the {@code *.camel.yaml} files of {@code mail2case.routes.dir}, so an engineer can change a stage
 * where mail2case runs (a mounted ConfigMap on Kubernetes) without rebuilding it.
 */
public final class RouteFiles {
    static final String SHIPPED = "classpath:routes/*.camel.yaml";
    private static final String SUFFIX = ".camel.yaml";

    private final Path dir;
    private final List<String> local;

    private RouteFiles(Path dir, List<String> local) {
        this.dir = dir;
        this.local = local;
    }

    public static RouteFiles from(Settings settings) {
        String value = settings.get("mail2case.routes.dir", null);
        if (value == null) {
            return new RouteFiles(null, List.of());
        }
        Path dir = Path.of(value).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new SettingException("mail2case.routes.dir", "is '" + value + "' but no such folder exists");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX)).sorted().toList();
            return new RouteFiles(dir, names);
        } catch (IOException e) {
            throw new SettingException("mail2case.routes.dir", "is '" + value + "' but cannot be read: " + e.getMessage());
        }
    }

    /** Route files of the folder, by name: each one replaces the shipped file of the same name. */
    public List<String> localFiles() {
        return local;
    }

    /** The shipped files no local file replaces, then the folder's files. */
    String includePattern(CamelContext context) {
        if (dir == null) {
            return SHIPPED;
        }
        List<String> files = new ArrayList<>();
        try {
            for (Resource r : PluginHelper.getPackageScanResourceResolver(context).findResources(SHIPPED)) {
                String name = r.getLocation().substring(r.getLocation().lastIndexOf('/') + 1);
                if (!local.contains(name)) {
                    files.add("classpath:routes/" + name);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("The shipped route files cannot be listed", e);
        }
        local.forEach(n -> files.add("file:" + dir.resolve(n)));
        return String.join(",", files);
    }

    void applyTo(CamelContext context, MainConfigurationProperties main, boolean reload) {
        main.withRoutesIncludePattern(includePattern(context));
        if (dir != null && reload) {
            main.withRoutesReloadEnabled(true)
                    .withRoutesReloadDirectory(dir.toString())
                    .withRoutesReloadPattern("*" + SUFFIX);
        }
    }

    @Override
    public String toString() {
        return dir == null ? "the shipped routes" : "the shipped routes, with " + local + " from " + dir;
    }
}

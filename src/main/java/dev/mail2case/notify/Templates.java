package dev.mail2case.notify;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateNotFoundException;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * FreeMarker templates for outgoing mail: {@code EVENT.subject.ftl}, {@code EVENT.txt.ftl} and the
 * optional {@code EVENT.html.ftl}. A directory set by {@code mail2case.templates.dir} is searched
 * before the templates shipped in the jar. Integration engineers edit these, so the configuration
 * allows no class instantiation, no API access, and a missing value is an error rather than a blank.
 *
 * <p>Each file is looked up on its own, most specific folder first (see {@link #folders(Scope)}); at
 * each folder the templates directory comes before the jar. The HTML alternative is used only when it
 * is at least as specific as the text it goes with: most clients show the HTML, so a generic HTML next
 * to an overridden text would hide the override.
 */
public class Templates {

    public record Rendered(String subject, String text, String html) {
    }

    /**
     * Whom a mail is for: its account id, the client's region and a language tag ({@code pl},
     * {@code fr-FR}). Any of them may be null; untrusted values are made safe before they name a folder.
     */
    public record Scope(String account, String region, String language) {
        public static final Scope NONE = new Scope(null, null, null);
    }

    /** A template that exists: its name and how specific it is (lower is more specific). */
    private record Found(String name, int rank) {
    }

    /** Longer folder names are not looked up: no region or account id is that long, and no file system likes it. */
    private static final int MAX_COMPONENT = 100;

    /** Scopes come from clients' data (regions, languages); a bound keeps odd values from piling up. */
    private static final int MAX_RESOLVED = 10_000;

    private final Configuration cfg;
    private final List<TemplateLoader> loaders = new ArrayList<>();
    private final Map<Lookup, Files> resolved = new java.util.concurrent.ConcurrentHashMap<>();

    public Templates(String directory) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        if (directory != null && !directory.isBlank()) {
            try {
                loaders.add(new FileTemplateLoader(new File(directory)));
            } catch (IOException e) {
                throw new dev.mail2case.config.SettingException("mail2case.templates.dir",
                        "is '" + directory + "' but that directory cannot be read: " + e.getMessage());
            }
        }
        loaders.add(new ClassTemplateLoader(Templates.class.getClassLoader(), "templates"));
        MultiTemplateLoader multi = new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new));
        // Not sticky: the directory must always win over the jar, as the lookup below assumes.
        multi.setSticky(false);
        cfg.setTemplateLoader(multi);
        // The language comes from the Scope's folders, not from the JVM's locale (name_pl.ftl); the
        // lookup here and the loading by FreeMarker must agree on which file is used.
        cfg.setLocalizedLookup(false);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setAPIBuiltinEnabled(false);
        cfg.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        cfg.setLogTemplateExceptions(false);
        cfg.setWrapUncheckedExceptions(true);
        cfg.setFallbackOnNullLoopVariable(false);
        DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
        wrapper.setExposeFields(false);
        cfg.setObjectWrapper(wrapper.build());
    }

    /** Renders the event from the base templates only. */
    public Rendered render(String event, Map<String, Object> model) {
        return render(event, model, Scope.NONE);
    }

    /** Renders the event, each file from the most specific folder for the scope that has it. */
    public Rendered render(String event, Map<String, Object> model, Scope scope) {
        Files files = files(event, scope == null ? Scope.NONE : scope);
        String subject = process(files.subject(), model).strip();
        String text = process(files.text(), model);
        String html = files.html() == null ? null : process(files.html(), model);
        return new Rendered(subject.replaceAll("[\r\n]+", " "), text, html);
    }

    private record Lookup(String event, Scope scope) {
    }

    /** The files an event renders from for one scope, and when they were looked up. */
    private record Files(String subject, String text, String html, long foundAt) {
    }

    /**
     * Which files an event uses for a scope. Every mail looked in up to a dozen places, each a class-path
     * or file-system lookup; the answer is kept as long as FreeMarker keeps a template it loaded, so a
     * file added to the templates directory is taken up as soon as an edited one is.
     */
    private Files files(String event, Scope scope) {
        Lookup key = new Lookup(event, scope);
        long now = System.currentTimeMillis();
        Files known = resolved.get(key);
        if (known != null && now - known.foundAt() < cfg.getTemplateUpdateDelayMilliseconds()) {
            return known;
        }
        List<String> folders = folders(scope);
        Found subjectFile = require(folders, event + ".subject.ftl");
        Found textFile = require(folders, event + ".txt.ftl");
        Optional<Found> htmlFile = find(folders, event + ".html.ftl").filter(h -> h.rank() <= textFile.rank());
        Files found = new Files(subjectFile.name(), textFile.name(), htmlFile.map(Found::name).orElse(null), now);
        if (resolved.size() >= MAX_RESOLVED) {
            resolved.clear();
        }
        resolved.put(key, found);
        return found;
    }

    /** Renders one whole template file (a report, say) with the same safe configuration. */
    public String renderDocument(String name, Map<String, Object> model) {
        return process(name, model);
    }

    /**
     * Folders to look in, most specific first: {@code accounts/A/LANG/}, {@code accounts/A/},
     * {@code regions/R/LANG/}, {@code regions/R/}, {@code LANG/}, then the base folder ({@code ""}).
     * LANG is tried as given and then shortened ({@code pl-pl}, then {@code pl}).
     */
    static List<String> folders(Scope scope) {
        String account = component(scope.account());
        String region = component(scope.region());
        List<String> languages = languages(scope.language());
        List<String> folders = new ArrayList<>();
        for (String prefix : new String[]{account == null ? null : "accounts/" + account + "/",
                region == null ? null : "regions/" + region + "/"}) {
            if (prefix != null) {
                languages.forEach(l -> folders.add(prefix + l + "/"));
                folders.add(prefix);
            }
        }
        languages.forEach(l -> folders.add(l + "/"));
        folders.add("");
        return folders;
    }

    /**
     * An account id or region name as one folder name, or null when it cannot be one. Anything but
     * letters, digits, '-', '_' and '.' becomes '_', so '/', '\', '*' (FreeMarker's acquisition) and
     * control characters cannot reach another folder; a name of dots only ('..') is refused.
     */
    static String component(String value) {
        if (value == null) {
            return null;
        }
        String s = Normalizer.normalize(value.strip(), Normalizer.Form.NFC).replaceAll("[^\\p{L}\\p{N}._-]", "_");
        if (s.isEmpty() || s.length() > MAX_COMPONENT || s.chars().allMatch(c -> c == '.')) {
            return null;
        }
        return s;
    }

    /** A language tag as folder names, most specific first: "pl-PL" gives pl-pl, pl; a malformed tag gives none. */
    static List<String> languages(String tag) {
        if (tag == null) {
            return List.of();
        }
        String t = tag.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (t.length() > 35 || !t.matches("[a-z]{2,3}(-[a-z0-9]{1,8})*")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String s = t; ; s = s.substring(0, s.lastIndexOf('-'))) {
            out.add(s);
            if (s.indexOf('-') < 0) {
                return out;
            }
        }
    }

    private Found require(List<String> folders, String file) {
        return find(folders, file).orElseThrow(() -> new IllegalStateException("Template " + file
                + " is missing (looked in " + String.join(", ", folders.stream()
                .map(f -> f.isEmpty() ? "the base folder" : f).toList()) + ")"));
    }

    private Optional<Found> find(List<String> folders, String file) {
        for (int f = 0; f < folders.size(); f++) {
            String name = folders.get(f) + file;
            for (int l = 0; l < loaders.size(); l++) {
                if (exists(loaders.get(l), name)) {
                    return Optional.of(new Found(name, f * loaders.size() + l));
                }
            }
        }
        return Optional.empty();
    }

    private static boolean exists(TemplateLoader loader, String name) {
        try {
            Object source = loader.findTemplateSource(name);
            if (source == null) {
                return false;
            }
            loader.closeTemplateSource(source);
            return true;
        } catch (IOException e) {
            throw new IllegalStateException("Template " + name + " cannot be read: " + e.getMessage(), e);
        }
    }

    private String process(String name, Map<String, Object> model) {
        try {
            Template template = cfg.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return out.toString();
        } catch (TemplateNotFoundException e) {
            throw new IllegalStateException("Template " + name + " is missing", e);
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("Template " + name + " failed: " + e.getMessage(), e);
        }
    }
}

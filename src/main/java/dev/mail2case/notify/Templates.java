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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * FreeMarker templates for outgoing mail: {@code EVENT.subject.ftl}, {@code EVENT.txt.ftl} and the
 * optional {@code EVENT.html.ftl}. A directory set by {@code mail2case.templates.dir} is searched
 * before the templates shipped in the jar. Integration engineers edit these, so the configuration
 * allows no class instantiation, no API access, and a missing value is an error rather than a blank.
 */
public class Templates {

    public record Rendered(String subject, String text, String html) {
    }

    private final Configuration cfg;

    public Templates(String directory) {
        cfg = new Configuration(Configuration.VERSION_2_3_34);
        List<TemplateLoader> loaders = new ArrayList<>();
        if (directory != null && !directory.isBlank()) {
            try {
                loaders.add(new FileTemplateLoader(new File(directory)));
            } catch (IOException e) {
                throw new dev.mail2case.config.SettingException("mail2case.templates.dir",
                        "is '" + directory + "' but that directory cannot be read: " + e.getMessage());
            }
        }
        loaders.add(new ClassTemplateLoader(Templates.class.getClassLoader(), "templates"));
        cfg.setTemplateLoader(new MultiTemplateLoader(loaders.toArray(TemplateLoader[]::new)));
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

    public Rendered render(String event, Map<String, Object> model) {
        String subject = render(event + ".subject.ftl", model, false).orElseThrow().strip();
        String text = render(event + ".txt.ftl", model, false).orElseThrow();
        String html = render(event + ".html.ftl", model, true).orElse(null);
        return new Rendered(subject.replaceAll("[\r\n]+", " "), text, html);
    }

    /** Renders one whole template file (a report, say) with the same safe configuration. */
    public String renderDocument(String name, Map<String, Object> model) {
        return render(name, model, false).orElseThrow();
    }

    private Optional<String> render(String name, Map<String, Object> model, boolean optional) {
        try {
            Template template = cfg.getTemplate(name);
            StringWriter out = new StringWriter();
            template.process(model, out);
            return Optional.of(out.toString());
        } catch (TemplateNotFoundException e) {
            if (optional) {
                return Optional.empty();
            }
            throw new IllegalStateException("Template " + name + " is missing", e);
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("Template " + name + " failed: " + e.getMessage(), e);
        }
    }
}

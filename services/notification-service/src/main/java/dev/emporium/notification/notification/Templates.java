package dev.emporium.notification.notification;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import org.springframework.stereotype.Component;

/**
 * FreeMarker templates under {@code templates/}: per notification type a subject, a plain-text body
 * ({@code .txt.ftl}), an HTML body ({@code .html.ftlh}, auto-escaped) and an SMS text ({@code .sms.ftl}).
 * Missing values fail loudly (no silent blanks in a customer's email).
 */
@Component
class Templates {

    private final Configuration freemarker;

    Templates() {
        freemarker = new Configuration(Configuration.VERSION_2_3_34);
        freemarker.setClassForTemplateLoading(Templates.class, "/templates");
        freemarker.setDefaultEncoding("UTF-8");
        freemarker.setLocale(Locale.ROOT);
        freemarker.setRecognizeStandardFileExtensions(true);
        freemarker.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        freemarker.setLogTemplateExceptions(false);
        freemarker.setFallbackOnNullLoopVariable(false);
    }

    /** The rendered parts of one notification type. */
    Rendered render(NotificationType type, Map<String, Object> model) {
        String base = type.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new Rendered(render(base + ".subject.ftl", model).strip(), render(base + ".txt.ftl", model),
                render(base + ".html.ftlh", model), render(base + ".sms.ftl", model).strip());
    }

    private String render(String name, Map<String, Object> model) {
        try {
            StringWriter out = new StringWriter();
            freemarker.getTemplate(name).process(model, out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("Template " + name + " failed: " + e.getMessage(), e);
        }
    }

    record Rendered(String subject, String text, String html, String sms) {
    }
}

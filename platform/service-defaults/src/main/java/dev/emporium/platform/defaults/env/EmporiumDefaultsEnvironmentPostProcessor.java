package dev.emporium.platform.defaults.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code emporium-defaults.yml} as the property source of lowest precedence, so every service
 * starts from the same tuned defaults (discovery intervals, Kafka reliability, actuator exposure,
 * problem details) and any service's {@code application.yml} or an environment variable overrides them.
 *
 * <p>Under the {@code kubernetes} profile, {@code emporium-kubernetes.yml} comes first: Service DNS instead of
 * Eureka, JSON logs on stdout.
 *
 * <p>Also turns the standard tracing variables into Spring's properties, so nothing is exported unless
 * asked for: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (used as is) or {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * (+ {@code /v1/traces}, as the OpenTelemetry specification says) enable OTLP/HTTP; {@code ZIPKIN_ENDPOINT}
 * or {@code management.tracing.export.zipkin.endpoint} enables Zipkin (the launcher's local trace UI).
 */
public class EmporiumDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String RESOURCE = "emporium-defaults.yml";
    static final String KUBERNETES = "emporium-kubernetes.yml";
    static final String TRACING_EXPORT = "emporium-tracing-export";

    private static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    private static final String ZIPKIN_ENDPOINT = "management.tracing.export.zipkin.endpoint";
    private static final String ZIPKIN_ENABLED = "management.tracing.export.zipkin.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(RESOURCE)) {
            return;
        }
        if (environment.acceptsProfiles(Profiles.of("kubernetes"))) {
            load(environment, KUBERNETES);
        }
        load(environment, RESOURCE);
        environment.getPropertySources().addLast(new MapPropertySource(TRACING_EXPORT, tracingExport(environment)));
    }

    private static void load(ConfigurableEnvironment environment, String resource) {
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(resource, new ClassPathResource(resource))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }

    static Map<String, Object> tracingExport(ConfigurableEnvironment environment) {
        Map<String, Object> properties = new HashMap<>();
        String traces = environment.getProperty("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        String base = environment.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!environment.containsProperty(OTLP_ENDPOINT)) {
            if (hasText(traces)) {
                properties.put(OTLP_ENDPOINT, traces);
            } else if (hasText(base)) {
                properties.put(OTLP_ENDPOINT, base.replaceAll("/+$", "") + "/v1/traces");
            }
        }
        String zipkin = environment.getProperty(ZIPKIN_ENDPOINT, environment.getProperty("ZIPKIN_ENDPOINT", ""));
        if (hasText(zipkin)) {
            properties.put(ZIPKIN_ENDPOINT, zipkin);
        }
        properties.put(ZIPKIN_ENABLED, hasText(zipkin));
        return properties;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

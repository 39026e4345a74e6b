package dev.emporium.platform.defaults.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** Nothing leaves a service unless an endpoint is configured; the standard variables are honoured. */
class TracingExportTest {

    @Test
    void exportsNothingByDefault() {
        Map<String, Object> export = EmporiumDefaultsEnvironmentPostProcessor.tracingExport(environment(Map.of()));
        assertThat(export).doesNotContainKey("management.opentelemetry.tracing.export.otlp.endpoint")
                .containsEntry("management.tracing.export.zipkin.enabled", false);
    }

    @Test
    void otlpFollowsTheOpenTelemetryVariables() {
        assertThat(EmporiumDefaultsEnvironmentPostProcessor.tracingExport(environment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"))))
                .containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://collector:4318/v1/traces");
        assertThat(EmporiumDefaultsEnvironmentPostProcessor.tracingExport(environment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/custom"))))
                .containsEntry("management.opentelemetry.tracing.export.otlp.endpoint", "http://traces:4318/custom");
    }

    @Test
    void anExplicitOtlpPropertyWins() {
        assertThat(EmporiumDefaultsEnvironmentPostProcessor.tracingExport(environment(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "management.opentelemetry.tracing.export.otlp.endpoint", "http://mine/v1/traces"))))
                .doesNotContainKey("management.opentelemetry.tracing.export.otlp.endpoint");
    }

    @Test
    void zipkinIsOnWhenItHasAnEndpoint() {
        assertThat(EmporiumDefaultsEnvironmentPostProcessor.tracingExport(environment(Map.of(
                "ZIPKIN_ENDPOINT", "http://localhost:9411/api/v2/spans"))))
                .containsEntry("management.tracing.export.zipkin.endpoint", "http://localhost:9411/api/v2/spans")
                .containsEntry("management.tracing.export.zipkin.enabled", true);
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}

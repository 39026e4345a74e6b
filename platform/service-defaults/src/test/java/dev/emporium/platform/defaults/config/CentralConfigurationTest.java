package dev.emporium.platform.defaults.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The version an instance reports is a function of the values it was served: equal values, equal versions. */
class CentralConfigurationTest {

    @Test
    void reportsWhereItsValuesCameFromAndAVersionThatChangesWithThem() {
        Map<String, Object> info = info(Map.of("emporium.gateway.rate-limit.defaults.capacity", "200"));
        assertThat(info).containsEntry("source", "file:/config/api-gateway.yml").containsEntry("values", 1);
        assertThat(info(Map.of("emporium.gateway.rate-limit.defaults.capacity", "200")).get("version"))
                .as("the same values on another instance").isEqualTo(info.get("version"));
        assertThat(info(Map.of("emporium.gateway.rate-limit.defaults.capacity", "4")).get("version"))
                .as("a changed value").isNotEqualTo(info.get("version"));
    }

    @Test
    void saysBuiltInDefaultsWhenNothingWasServed() {
        Info.Builder builder = new Info.Builder();
        new CentralConfiguration(new StandardEnvironment(), null).contribute(builder);
        assertThat(builder.build().getDetails().get("config")).isEqualTo(Map.of("source", "built-in defaults"));
    }

    @Test
    void publishesItsVersionAsAMetricAndReplacesItAfterARefresh() {
        StandardEnvironment environment = new StandardEnvironment();
        MapPropertySource served = new MapPropertySource("configserver:file:/config/api-gateway.yml",
                new java.util.HashMap<>(Map.of("emporium.gateway.rate-limit.defaults.capacity", "200")));
        environment.getPropertySources().addFirst(served);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        CentralConfiguration configuration = new CentralConfiguration(environment, meters);
        configuration.ready();
        String first = configuration.version();
        assertThat(meters.get("emporium.config.info").tag("version", first).gauge().value()).isEqualTo(1.0);

        served.getSource().put("emporium.gateway.rate-limit.defaults.capacity", "4");
        configuration.refreshed(new EnvironmentChangeEvent(java.util.Set.of("emporium.gateway.rate-limit.defaults.capacity")));
        assertThat(configuration.version()).isNotEqualTo(first);
        assertThat(meters.find("emporium.config.info").gauges()).singleElement()
                .satisfies(gauge -> assertThat(gauge.getId().getTag("version")).isEqualTo(configuration.version()));
        assertThat(new CentralConfiguration(new StandardEnvironment(), meters).version()).isEqualTo("defaults");
    }

    @Test
    void countsTheFilesAClusterMountsLikeTheServedOnes() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("Config resource 'file [/etc/emporium/config/"
                + "api-gateway.yml]' via location 'optional:file:/etc/emporium/config/api-gateway.yml'",
                Map.of("emporium.gateway.rate-limit.defaults.capacity", "200")));
        Info.Builder builder = new Info.Builder();
        new CentralConfiguration(environment, null).contribute(builder);
        assertThat(builder.build().getDetails().get("config")).isEqualTo(Map.of("source",
                "/etc/emporium/config/api-gateway.yml", "version", info(Map.of("emporium.gateway.rate-limit.defaults.capacity",
                        "200")).get("version"), "values", 1));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(Map<String, Object> served) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configserver:file:/config/api-gateway.yml", served));
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", Map.of("ignored", "x")));
        Info.Builder builder = new Info.Builder();
        new CentralConfiguration(environment, null).contribute(builder);
        return (Map<String, Object>) builder.build().getDetails().get("config");
    }
}

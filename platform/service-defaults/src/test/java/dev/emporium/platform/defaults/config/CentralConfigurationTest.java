package dev.emporium.platform.defaults.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
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
        new CentralConfiguration(new StandardEnvironment()).contribute(builder);
        assertThat(builder.build().getDetails().get("config")).isEqualTo(Map.of("source", "built-in defaults"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> info(Map<String, Object> served) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("configserver:file:/config/api-gateway.yml", served));
        environment.getPropertySources().addLast(new MapPropertySource("application.yml", Map.of("ignored", "x")));
        Info.Builder builder = new Info.Builder();
        new CentralConfiguration(environment).contribute(builder);
        return (Map<String, Object>) builder.build().getDetails().get("config");
    }
}

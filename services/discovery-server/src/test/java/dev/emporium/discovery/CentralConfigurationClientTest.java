package dev.emporium.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * A service as it starts, against this config server serving the repository's config/: it takes the value from the
 * server, an environment variable of its process still wins, and with the server down it starts on its built-in
 * defaults. The client is a bare Spring Boot application importing {@code optional:configserver:} exactly as every
 * service's application.yml does; its environment variables are given, not the test JVM's.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "EMPORIUM_CONFIG_DIR=file:../../config/")
class CentralConfigurationClientTest {

    static final String CAPACITY = "emporium.gateway.rate-limit.defaults.capacity";

    @LocalServerPort
    int port;

    @Test
    void aServiceTakesTheServedValue() {
        try (ConfigurableApplicationContext gateway = service("http://localhost:" + port + "/config", Map.of())) {
            assertThat(gateway.getEnvironment().getProperty(CAPACITY)).isEqualTo("200"); // config/api-gateway.yml
            assertThat(gateway.getEnvironment().getPropertySources().stream().map(s -> s.getName()))
                    .anyMatch(name -> name.startsWith("configserver:") && name.endsWith("config/api-gateway.yml"));
        }
    }

    @Test
    void anEnvironmentVariableOfTheServiceStillWins() {
        try (ConfigurableApplicationContext gateway = service("http://localhost:" + port + "/config",
                Map.of("EMPORIUM_RATE_LIMIT_CAPACITY", "7"))) {
            assertThat(gateway.getEnvironment().getProperty(CAPACITY)).isEqualTo("7");
        }
        try (ConfigurableApplicationContext gateway = service("http://localhost:" + port + "/config",
                Map.of("EMPORIUM_GATEWAY_RATELIMIT_DEFAULTS_CAPACITY", "9"))) {
            assertThat(gateway.getEnvironment().getProperty(CAPACITY)).as("the property's own variable").isEqualTo("9");
        }
    }

    @Test
    void withTheServerDownTheServiceStartsOnItsDefaults() {
        try (ConfigurableApplicationContext gateway = service("http://localhost:1/config", Map.of())) {
            assertThat(gateway.isActive()).isTrue();
            assertThat(gateway.getEnvironment().getProperty(CAPACITY)).as("nothing served").isNull();
        }
    }

    /** api-gateway's import, with {@code variables} as its process environment. */
    private static ConfigurableApplicationContext service(String configUrl, Map<String, String> variables) {
        StandardEnvironment environment = new StandardEnvironment() {
            @Override
            protected void customizePropertySources(MutablePropertySources sources) {
                super.customizePropertySources(sources);
                sources.replace(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(variables)));
            }
        };
        return new SpringApplicationBuilder(Bare.class).web(WebApplicationType.NONE).environment(environment)
                .properties("spring.application.name=api-gateway",
                        "spring.config.import=optional:configserver:" + configUrl,
                        "spring.cloud.config.enabled=true", "spring.cloud.config.request-connect-timeout=1000",
                        "spring.main.banner-mode=off")
                .run();
    }

    /** Nothing but the environment (not a {@code @Configuration}: the test's own context would take it for its own). */
    static class Bare {
    }
}

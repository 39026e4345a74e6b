package dev.emporium.monolith;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.junit.jupiter.api.Test;
import java.util.Map;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ModuleAutoConfigurationsTest {

    private static final String OUTBOX = "org.springframework.modulith.events.jdbc.JdbcEventPublicationAutoConfiguration";
    private static final String KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";
    private static final String DATASOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";
    private static final String GATEWAY = "org.springframework.cloud.gateway.config.GatewayAutoConfiguration";
    private static final String TOMCAT_REACTIVE =
            "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration";

    @Test
    void namesTheArtifactOfAJarWhateverItsVersion() {
        assertThat(ModuleAutoConfigurations.artifact("spring-boot-jdbc-4.0.7.jar")).isEqualTo("spring-boot-jdbc");
        assertThat(ModuleAutoConfigurations.artifact("h2-2.4.240.jar")).isEqualTo("h2");
        assertThat(ModuleAutoConfigurations.artifact("kafka_2.13-4.1.2.jar")).isEqualTo("kafka_2.13");
        assertThat(ModuleAutoConfigurations.artifact("service-defaults-0.1.0-SNAPSHOT.jar")).isEqualTo("service-defaults");
        assertThat(ModuleAutoConfigurations.artifactOfJar(
                "jar:nested:/x/monolith.jar/!BOOT-INF/lib/spring-boot-jdbc-4.0.7.jar!/org/A.class")).contains("spring-boot-jdbc");
        assertThat(ModuleAutoConfigurations.artifactOfJar("jar:file:/x/lib/netty-codec-http2-4.2.15.Final.jar!/a/B.class"))
                .contains("netty-codec-http2");
        assertThat(ModuleAutoConfigurations.artifactOfJar("file:/x/target/classes/a/B.class")).isEmpty();
    }

    @Test
    void eachServiceListsItsOwnRuntimeClasspath() {
        ClassLoader loader = getClass().getClassLoader();
        Set<String> notifications = ModuleAutoConfigurations.artifactsOf("notification-service", loader);
        assertThat(notifications).contains("service-defaults", "spring-boot-kafka", "freemarker")
                .doesNotContain("spring-modulith-events-jdbc", "spring-cloud-gateway-server-webflux");
        assertThat(ModuleAutoConfigurations.artifactsOf("order-service", loader)).contains("spring-modulith-events-jdbc");
        assertThat(ModuleAutoConfigurations.artifactsOf("api-gateway", loader))
                .contains("spring-cloud-gateway-server-webflux").doesNotContain("spring-boot-jdbc", "spring-boot-tomcat");
    }

    @Test
    void aModuleGetsOnlyTheAutoConfigurationsOfItsOwnClasspath() {
        assertThat(match("notification-service", OUTBOX, KAFKA, GATEWAY)).containsExactly(false, true, false);
        assertThat(match("order-service", OUTBOX, KAFKA, GATEWAY)).containsExactly(true, true, false);
        assertThat(match("api-gateway", DATASOURCE, TOMCAT_REACTIVE, GATEWAY)).containsExactly(false, false, true);
        assertThat(match(null, OUTBOX, DATASOURCE, GATEWAY)).as("outside the monolith").containsExactly(true, true, true);
    }

    private boolean[] match(String module, String... autoConfigurations) {
        ModuleAutoConfigurations filter = new ModuleAutoConfigurations();
        StandardEnvironment environment = new StandardEnvironment();
        if (module != null) {
            environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(ModuleAutoConfigurations.MODULE, module)));
        }
        filter.setEnvironment(environment);
        filter.setBeanClassLoader(getClass().getClassLoader());
        return filter.match(autoConfigurations, null);
    }
}

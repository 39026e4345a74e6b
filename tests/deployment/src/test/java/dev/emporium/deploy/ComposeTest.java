package dev.emporium.deploy;

import static dev.emporium.deploy.Kustomize.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** deploy/compose/compose.yaml: every service with the infrastructure it needs, wired the way the apps read it. */
class ComposeTest {

    private static final Path COMPOSE = Repo.ROOT.resolve("deploy/compose");

    @Test
    void runsEveryServiceBesideItsInfrastructure() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        assertThat(services).containsKeys("postgres", "kafka", "redis", "zipkin", "prometheus", "grafana");
        assertThat(services).containsKeys(Repo.CLUSTER_SERVICES.toArray(String[]::new));
        for (String service : Repo.CLUSTER_SERVICES) {
            Map<String, Object> definition = map(services.get(service));
            Map<String, Object> env = map(definition.get("environment"));
            assertThat(definition.get("image")).as(service).isEqualTo("emporium/" + service + ":" + version());
            assertThat(definition).as(service).containsKey("healthcheck");
            assertThat(env).as(service).containsEntry("SPRING_PROFILES_ACTIVE", "kubernetes").containsKey("PORT");
            if (Repo.usesKafka(service)) {
                assertThat(env).as(service).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            }
        }
        assertThat(map(map(services.get("api-gateway")).get("environment"))).containsEntry("REDIS_URL", "redis://redis:6379");
        assertThat(map(services.get("api-gateway")).get("ports")).isEqualTo(List.of("8080:8080"));
    }

    /** Each client's secret reaches the client and user-service as the same value, and only those two. */
    @Test
    void everyServiceClientAndUserServiceShareItsSecret() throws Exception {
        Map<String, Object> services = map(compose().get("services"));
        Map<String, Object> users = map(map(services.get("user-service")).get("environment"));
        for (String client : List.of("product-service", "order-service", "payment-service", "notification-service",
                "analytics-service")) {
            String variable = "EMPORIUM_CLIENT_SECRET_" + client.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            assertThat(map(map(services.get(client)).get("environment")).get("EMPORIUM_CLIENT_SECRET")).as(client)
                    .isNotNull().isEqualTo(users.get(variable));
            for (String other : Repo.CLUSTER_SERVICES) {
                if (!other.equals("user-service")) {
                    assertThat(map(map(services.get(other)).get("environment"))).as(other).doesNotContainKey(variable);
                }
            }
        }
    }

    @Test
    void everyServiceHasItsOwnDatabaseAndUserCreatedByTheInitScript() throws Exception {
        String init = Files.readString(COMPOSE.resolve("postgres-init.sql"));
        Map<String, Object> services = map(compose().get("services"));
        java.util.Set<String> databases = new java.util.HashSet<>();
        for (String service : Repo.CLUSTER_SERVICES) {
            if (!Repo.usesDatabase(service)) {
                continue;
            }
            Map<String, Object> env = map(map(services.get(service)).get("environment"));
            Matcher url = Pattern.compile("jdbc:postgresql://postgres:5432/([a-z]+)").matcher((String) env.get("SPRING_DATASOURCE_URL"));
            assertThat(url.matches()).as(service + " database URL").isTrue();
            String database = url.group(1);
            String user = (String) env.get("SPRING_DATASOURCE_USERNAME");
            assertThat(databases.add(database)).as(service + " shares " + database).isTrue();
            assertThat(init).as(service).contains("CREATE USER " + user + " WITH PASSWORD '" + env.get("SPRING_DATASOURCE_PASSWORD") + "'")
                    .contains("CREATE DATABASE " + database + " OWNER " + user);
        }
        assertThat(databases).hasSize(5);
    }

    @Test
    void prometheusScrapesEveryServiceAndGrafanaGetsTheDashboards() throws Exception {
        String scrape = Files.readString(Repo.ROOT.resolve("deploy/prometheus/compose.yml"));
        for (String service : Repo.CLUSTER_SERVICES) {
            assertThat(scrape).contains("- " + service + ":");
        }
        assertThat(map(map(compose().get("services")).get("grafana")).get("volumes").toString())
                .contains("../grafana/dashboards:/etc/grafana/dashboards");
    }

    private static Map<String, Object> compose() throws Exception {
        return Kustomize.parse(Files.readString(COMPOSE.resolve("compose.yaml"))).getFirst();
    }

    private static String version() throws Exception {
        String pom = Repo.rootPom();
        return Repo.element(pom.substring(pom.indexOf("<artifactId>emporium</artifactId>")), "version");
    }
}

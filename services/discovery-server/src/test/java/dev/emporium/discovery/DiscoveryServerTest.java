package dev.emporium.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The registry, and the config server serving the repository's config/ folder. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "EMPORIUM_CONFIG_DIR=file:../../config/")
class DiscoveryServerTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptsARegistrationAndListsIt() throws Exception {
        String instance = """
                {"instance":{"instanceId":"localhost:probe:9999","hostName":"localhost","app":"PROBE",
                 "ipAddr":"127.0.0.1","status":"UP","port":{"$":9999,"@enabled":"true"},
                 "dataCenterInfo":{"@class":"com.netflix.appinfo.InstanceInfo$DefaultDataCenterInfo","name":"MyOwn"}}}
                """;
        HttpResponse<String> registered = http.send(HttpRequest.newBuilder(uri("/eureka/apps/PROBE"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(instance)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).isEqualTo(204);

        HttpResponse<String> apps = http.send(HttpRequest.newBuilder(uri("/eureka/apps/PROBE"))
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(apps.statusCode()).isEqualTo(200);
        assertThat(apps.body()).contains("localhost:probe:9999");
    }

    @Test
    void isReady() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    @Test
    void servesTheCentralConfigurationOfEachServiceWithTheSharedFile() throws Exception {
        HttpResponse<String> gateway = http.send(HttpRequest.newBuilder(uri("/config/api-gateway/default")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(gateway.statusCode()).isEqualTo(200);
        assertThat(gateway.body()).contains("config/api-gateway.yml", "config/application.yml")
                // served as written: the client resolves the placeholder, so an environment variable still wins
                .contains("\"emporium.gateway.rate-limit.defaults.capacity\":\"${EMPORIUM_RATE_LIMIT_CAPACITY:200}\"");

        HttpResponse<String> order = http.send(HttpRequest.newBuilder(uri("/config/order-service/default")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(order.body()).contains("config/order-service.yml", "config/application.yml").doesNotContain("api-gateway.yml");
        assertThat(order.body().indexOf("order-service.yml")).as("the service's own file ranks above the shared one")
                .isLessThan(order.body().indexOf("config/application.yml"));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}

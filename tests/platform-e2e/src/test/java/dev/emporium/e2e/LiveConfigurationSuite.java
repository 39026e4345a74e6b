package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;

/**
 * The central configuration, live: the platform runs on a copy of config/; the suite lowers the gateway's rate limit
 * in that copy, asks ONE gateway instance for a bus refresh, and both instances apply the new limit without a restart
 * (a caller's 5th request in a minute is 429 on each), and order-service, another bus member, runs the new version of
 * its own file too; then it puts the files back and refreshes again. Each instance reports the configuration version
 * it runs in {@code /actuator/info}.
 */
final class LiveConfigurationSuite {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<GatewayClient> gateways;
    private final int managementPort;
    private final int orderServicePort;
    private final Path configDir;

    /**
     * @param gateways the gateway instances (at least two)
     * @param managementPort the first instance's actuator port (busrefresh, info)
     * @param orderServicePort order-service's port (info)
     * @param configDir the folder the platform's config server serves
     */
    LiveConfigurationSuite(List<GatewayClient> gateways, int managementPort, int orderServicePort, Path configDir) {
        this.gateways = gateways;
        this.managementPort = managementPort;
        this.orderServicePort = orderServicePort;
        this.configDir = configDir;
    }

    void run() throws Exception {
        Path file = configDir.resolve("api-gateway.yml");
        String original = Files.readString(file);
        Path orderFile = configDir.resolve("order-service.yml");
        String orderOriginal = Files.readString(orderFile);
        String before = configVersion(managementPort);
        String orderBefore = configVersion(orderServicePort);
        assertThat(orderBefore).as("order-service runs on the central configuration").isNotNull();
        assertThat(before).as("the gateway runs on the central configuration").isNotNull();
        String email = "live-" + System.nanoTime() + "@example.com";
        gateways.getFirst().register("Live", email, "live-password-1");
        String customer = gateways.getFirst().login(email, "live-password-1");
        for (GatewayClient gateway : gateways) {
            assertThat(statuses(gateway, customer, 5)).as("port " + gateway.port() + " before").doesNotContain(429);
        }

        Files.writeString(file, original.replace("${EMPORIUM_RATE_LIMIT_CAPACITY:200}", "4")
                .replace("${EMPORIUM_RATE_LIMIT_PERIOD:1s}", "1m"));
        Files.writeString(orderFile, orderOriginal.replace("${EMPORIUM_BREAKER_OPEN_FOR:PT10S}", "PT11S"));
        busRefresh();
        await("the new configuration on the first instance").atMost(Duration.ofSeconds(30))
                .until(() -> !before.equals(configVersion(managementPort)));
        await("order-service's new configuration, from the same refresh").atMost(Duration.ofSeconds(30))
                .until(() -> !orderBefore.equals(configVersion(orderServicePort)));
        for (GatewayClient gateway : gateways) {
            // another instance applies the refresh when the bus message arrives: moments later
            await("the lower limit on port " + gateway.port()).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(statuses(gateway, customer, 5)).as("port " + gateway.port()).contains(429));
        }

        Files.writeString(file, original);
        Files.writeString(orderFile, orderOriginal);
        busRefresh();
        await("the configuration back").atMost(Duration.ofSeconds(30)).until(() -> before.equals(configVersion(managementPort)));
        await("order-service's back").atMost(Duration.ofSeconds(30)).until(() -> orderBefore.equals(configVersion(orderServicePort)));
        for (GatewayClient gateway : gateways) {
            await("the limit back on port " + gateway.port()).atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(statuses(gateway, customer, 5)).as("port " + gateway.port()).doesNotContain(429));
        }
        for (GatewayClient gateway : gateways) {
            assertThat(gateway.get("/api/products?size=1", null).statusCode()).as("port " + gateway.port()
                    + " still routes after two refreshes").isEqualTo(200);
        }
        System.out.println("E2E: a rate limit changed in config/ and applied by " + gateways.size()
                + " gateway instances after one bus refresh, order-service's breaker settings with it, then restored (config "
                + "versions " + before + ", " + orderBefore + ")");
    }

    private List<Integer> statuses(GatewayClient gateway, String token, int requests) throws IOException, InterruptedException {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(gateway.get("/api/orders?size=1", token).statusCode());
        }
        return statuses;
    }

    private void busRefresh() throws IOException, InterruptedException {
        HttpResponse<String> refreshed = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort
                + "/actuator/busrefresh")).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refreshed.statusCode()).as(refreshed.body()).isBetween(200, 204);
    }

    private String configVersion(int port) throws IOException, InterruptedException {
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/actuator/info")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        List<String> versions = JsonPath.read(info.body(), "$..config.version");
        return versions.isEmpty() ? null : versions.getFirst();
    }
}

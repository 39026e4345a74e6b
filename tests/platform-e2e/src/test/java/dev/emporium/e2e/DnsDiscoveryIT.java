package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same jars without a registry, as Kubernetes runs them: the launcher's {@code --discovery dns} starts no Eureka
 * and gives every service the {@code kubernetes} profile, so routes, JWKS, the product lookup and the card
 * tokenisation all go to host names. A customer registers, buys, and gets the confirmation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsDiscoveryIT {

    private static final int PORT_OFFSET = Integer.getInteger("emporium.e2e.dns-port-offset", 21000);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final GatewayClient client = new GatewayClient(http, 8080 + PORT_OFFSET);
    private Path dataDir;
    private Process launcher;

    @BeforeAll
    void launch() throws IOException {
        dataDir = Files.createTempDirectory("emporium-e2e-dns-");
        launcher = Launch.start(dataDir, dataDir.resolve("launcher.out"), PORT_OFFSET, "--discovery", "dns");
        await("the platform without a registry to report UP").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .failFast("the launcher exited", () -> !launcher.isAlive())
                .untilAsserted(() -> assertThat(client.get("/api/health", null).statusCode()).isEqualTo(200));
    }

    @Test
    void aCheckoutWorksWithServicesFoundByHostName() throws Exception {
        String health = client.get("/api/health", null).body();
        // instances are the host names of the kubernetes profile, not Eureka registrations
        assertThat(JsonPath.<List<String>>read(health, "$.services[?(@.name=='order-service')].instances[*].id"))
                .containsExactly("order-service");
        assertThat(Files.readString(dataDir.resolve("run/status.json"))).doesNotContain("discovery-server");

        String email = "dns-" + System.nanoTime() + "@example.com";
        client.register("Dana", email, "dana-password");
        String customer = client.login(email, "dana-password");
        String product = JsonPath.read(client.get("/api/products?size=1", null).body(), "$.content[0].id");
        HttpResponse<String> placed = client.send(client.request("/api/orders", customer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        CheckoutSuite.orderBody(product, 1, CheckoutSuite.VISA))));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String order = JsonPath.read(placed.body(), "$.id");
        await("the order to be CONFIRMED").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> JsonPath.read(client.get("/api/orders/" + order, customer).body(), "$.status").equals("CONFIRMED"));
        await("the confirmation").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> JsonPath.<List<String>>read(client.get("/api/notifications", customer).body(), "$.content[*].type")
                        .contains("ORDER_CONFIRMED"));
    }

    @AfterAll
    void stop() throws Exception {
        if (launcher != null) {
            launcher.destroy();
            if (!launcher.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
            }
            System.out.println("---- launcher output (dns discovery) ----\n" + Files.readString(dataDir.resolve("launcher.out")));
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}

package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same end-to-end checkout and security suites as {@link PlatformIT}, against the other shapes of the same code:
 * {@code ./emporium --topology monolith} (every service a module of one JVM), optionally with services extracted to
 * their own JVMs. Killing a service here kills the JVM that hosts it: in the monolith, the whole deployable, which
 * is the monolith's failure mode, and the saga must come out of it just the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
abstract class MonolithTopologies {

    private static final List<String> SERVICES = List.of("api-gateway", "user-service", "product-service",
            "order-service", "payment-service", "notification-service", "analytics-service");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path dataDir;
    private Path output;
    private Process launcher;

    /** Shifts every port, so the suites can run beside another platform. */
    abstract int portOffset();

    /** The services that run as JVMs of their own beside the monolith. */
    abstract List<String> extracted();

    @BeforeAll
    void launch() throws IOException {
        dataDir = Files.createTempDirectory("emporium-e2e-monolith-");
        output = dataDir.resolve("launcher.out");
        List<String> options = new ArrayList<>(List.of("--topology", "monolith"));
        extracted().forEach(service -> options.addAll(List.of("--extract", service)));
        launcher = Launch.start(dataDir, output, portOffset(), options.toArray(String[]::new));
        await("the platform to report UP at /api/health").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .failFast("the launcher exited", () -> !launcher.isAlive())
                .untilAsserted(() -> assertThat(client().get("/api/health", null).statusCode()).isEqualTo(200));
    }

    @Test
    @Order(1)
    void theServicesRunInOneJvmExceptTheExtractedOnes() throws Exception {
        List<String> instances = JsonPath.read(Launch.status(dataDir), "$.instances[*].id");
        List<String> expected = new ArrayList<>(List.of("kafka-1", "card-processor-1", "monolith-1"));
        extracted().forEach(service -> expected.add(service + "-1"));
        assertThat(instances).as("no registry, no JVM per hosted service").containsExactlyInAnyOrderElementsOf(expected);

        String health = client().get("/api/health", null).body();
        assertThat(JsonPath.<List<String>>read(health, "$.services[*].name")).containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(JsonPath.<List<String>>read(health, "$.services[*].status")).containsOnly("UP");
        String admin = client().login(Launch.ADMIN_EMAIL, Launch.ADMIN_PASSWORD);
        HttpResponse<String> routed = client().get("/api/orders/e2e-probe/x", admin);
        assertThat(routed.headers().firstValue("X-Served-By")).as("the order module answers under its own name")
                .contains("order-service-1");
        await("the launcher to announce it").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readString(output)).contains("Topology: monolith", "Emporium is up in"));
    }

    @Test
    @Order(2)
    void checkoutConfirmsRejectsCancelsAndSurvivesKilledJvms() throws Exception {
        String admin = client().login(Launch.ADMIN_EMAIL, Launch.ADMIN_PASSWORD);
        new CheckoutSuite(client(), admin, instance -> ProcessHandle.of(Launch.pidOf(dataDir, hostOf(instance)))
                .orElseThrow().destroyForcibly()).run();
    }

    @Test
    @Order(3)
    void holdsTheSecurityLineThroughTheGateway() throws Exception {
        new SecuritySuite(client(), Launch.ADMIN_EMAIL, Launch.ADMIN_PASSWORD, 8081 + portOffset()).run();
    }

    @Test
    @Order(4)
    void sigtermStopsEveryProcess() throws Exception {
        Launch.sigtermStopsEveryProcess(launcher, dataDir, output);
    }

    @AfterAll
    void cleanUp() throws IOException {
        Launch.cleanUp(launcher, output, dataDir);
    }

    /** The instance whose JVM runs a service's instance: its own when extracted, else the monolith. */
    private String hostOf(String instance) {
        return extracted().stream().anyMatch(service -> instance.equals(service + "-1")) ? instance : "monolith-1";
    }

    private GatewayClient client() {
        return new GatewayClient(http, 8080 + portOffset());
    }
}

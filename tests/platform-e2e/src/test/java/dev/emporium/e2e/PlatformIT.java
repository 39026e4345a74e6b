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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.testsupport.LaunchedPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform as a user starts it: the real launcher, every service its own JVM, a real Kafka broker
 * and registry, ports shifted so it can run beside a developer's own platform. Checks what the README
 * promises: all UP, every service routed, load balanced over two instances, a killed service comes back, a change
 * of the central configuration reaches both gateway instances without a restart, and SIGTERM leaves no JVM behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class PlatformIT {

    private static final int PORT_OFFSET = Integer.getInteger("emporium.e2e.port-offset", 20000);
    private static final Map<String, String> ROUTES = Map.of("users", "user-service", "products", "product-service",
            "orders", "order-service", "payments", "payment-service", "notifications", "notification-service",
            "analytics", "analytics-service");

    static final String ADMIN_EMAIL = Launch.ADMIN_EMAIL;
    static final String ADMIN_PASSWORD = Launch.ADMIN_PASSWORD;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Path dataDir;
    private Path output;
    private Process launcher;
    private Path configDir;
    private SpanCollector spans;
    /** An admin's access token from the start (valid 15 minutes): the outage test at the end needs one after the
     * security suite has spent this address's logins. */
    private String earlyAdminToken;

    @BeforeAll
    void launch() throws IOException {
        dataDir = Files.createTempDirectory("emporium-e2e-");
        output = dataDir.resolve("launcher.out");
        spans = new SpanCollector();
        // a copy of config/ the live-configuration suite may change
        configDir = Files.createDirectories(dataDir.resolve("config"));
        try (var files = Files.list(LaunchedPlatform.home().resolve("config"))) {
            for (Path file : files.toList()) {
                Files.copy(file, configDir.resolve(file.getFileName()));
            }
        }
        launcher = Launch.start(dataDir, output, PORT_OFFSET, Map.of("EMPORIUM_CONFIG_DIR", configDir.toString()),
                "--instances", "product-service=2,api-gateway=2", "--zipkin", spans.endpoint());

        await("the platform to report UP at /api/health").atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .failFast("the launcher exited", () -> !launcher.isAlive())
                .untilAsserted(() -> assertThat(get("/api/health").statusCode()).isEqualTo(200));
    }

    @Test
    @Order(1)
    void everyServiceAndEveryInstanceIsUp() throws Exception {
        await("both product-service instances to be in the gateway's view").atMost(Duration.ofSeconds(30))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertThat(JsonPath.<List<String>>read(get("/api/health").body(),
                        "$.services[?(@.name=='product-service')].instances[*].status")).containsExactly("UP", "UP"));
        String health = get("/api/health").body();
        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<List<String>>read(health, "$.services[*].name")).containsExactlyInAnyOrder(
                "api-gateway", "user-service", "product-service", "order-service", "payment-service", "notification-service",
                "analytics-service");
        assertThat(JsonPath.<List<String>>read(health, "$.services[*].status")).containsOnly("UP");
        assertThat(JsonPath.<List<String>>read(health, "$.services[?(@.name=='product-service')].instances[*].status"))
                .containsExactly("UP", "UP");
        await("the launcher to announce it").atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(Files.readString(output)).contains("Emporium is up in"));
    }

    @Test
    @Order(2)
    void theGatewayRoutesEachApiToItsService() throws Exception {
        String admin = client().login(ADMIN_EMAIL, ADMIN_PASSWORD);
        earlyAdminToken = admin;
        for (Map.Entry<String, String> route : ROUTES.entrySet()) {
            HttpResponse<String> response = client().get("/api/" + route.getKey() + "/e2e-probe/x", admin);
            assertThat(response.headers().firstValue("X-Served-By")).as(route.getKey())
                    .hasValueSatisfying(servedBy -> assertThat(servedBy).startsWith(route.getValue() + "-"));
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    @Order(3)
    void requestsAreBalancedOverBothProductInstances() throws Exception {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < 30 && servedBy.size() < 2; i++) {
            get("/api/products/e2e-probe/x").headers().firstValue("X-Served-By").ifPresent(servedBy::add);
        }
        assertThat(servedBy).containsExactlyInAnyOrder("product-service-1", "product-service-2");
    }

    @Test
    @Order(4)
    void aKilledServiceIsRestartedAndRoutedAgain() throws Exception {
        long pid = pidOf("order-service-1");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        await("order-service-1 to be restarted with a new pid").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(pidOf("order-service-1")).isNotEqualTo(pid);
                    assertThat(stateOf("order-service-1")).isEqualTo("UP");
                });
        String admin = client().login(ADMIN_EMAIL, ADMIN_PASSWORD); // once: logins are rate limited per address
        await("the gateway to route to the new order-service").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> assertThat(client().get("/api/orders/e2e-probe/x", admin)
                        .headers().firstValue("X-Served-By")).contains("order-service-1"));
        awaitBreakerClosed("order-service", "/api/orders/e2e-probe/x", admin);
    }

    /**
     * The calls that found no instance while one restarted open the gateway's breaker for its service; it closes
     * after its trial calls succeed (half-open), which these probes are. So the suites after a kill start from closed.
     */
    private void awaitBreakerClosed(String service, String probe, String token) {
        await("the gateway's " + service + " breaker to close again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    client().get(probe, token);
                    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                            + (8090 + PORT_OFFSET) + "/actuator/prometheus")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertThat(metrics.lines().filter(l -> l.startsWith("resilience4j_circuitbreaker_state{")
                            && l.contains("name=\"" + service + "\"") && l.contains("state=\"closed\""))
                            .findFirst().orElseThrow()).endsWith(" 1.0");
                });
    }

    /** Last but the shutdown: it takes services away, so every suite before it ran on a platform that never broke. */
    @Test
    @Order(13)
    void aStoppedServiceIsAnsweredAtOnceAndExistingTokensOutliveUserService() throws Exception {
        GatewayClient client = client();
        String credentials = "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}";
        String admin = earlyAdminToken; // the suites before spent this address's logins (20 a minute)
        assertThat(admin).as("an admin token from the start of the run").isNotNull();
        String product = JsonPath.read(client.get("/api/products?size=1", null).body(), "$.content[0].id");
        int ordersBefore = JsonPath.read(client.get("/api/orders?size=1", admin).body(), "$.page.totalElements");

        // product-service gone, both instances: the catalog is answered 503 at once, a checkout 503 with nothing stored
        for (String instance : List.of("product-service-1", "product-service-2")) {
            ProcessHandle process = ProcessHandle.of(pidOf(instance)).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        long start = System.nanoTime();
        HttpResponse<String> catalog = client.get("/api/products", null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at once").isLessThan(Duration.ofSeconds(1));
        assertThat(catalog.statusCode()).as(catalog.body()).isEqualTo(503);
        assertThat(catalog.headers().firstValue("Retry-After")).isPresent();
        assertThat(catalog.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        HttpResponse<String> checkout = client.post("/api/orders", admin, """
                {"items":[{"productId":"%s","quantity":1}],"payment":{"cardNumber":"4242424242424242"},
                 "shippingAddress":{"name":"A","line1":"1 Road","city":"Town","postalCode":"1000","country":"US"}}"""
                .formatted(product));
        assertThat(checkout.statusCode()).as(checkout.body()).isEqualTo(503);
        assertThat(checkout.headers().firstValue("Retry-After")).isPresent();
        assertThat(JsonPath.<Integer>read(client.get("/api/orders?size=1", admin).body(), "$.page.totalElements"))
                .as("nothing stored").isEqualTo(ordersBefore);
        await("the catalog to be served again, without intervention").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> client.get("/api/products?size=1", null).statusCode() == 200);
        // both instances back, and checkouts taken again once order-service's own breaker towards them has closed
        await("both product-service instances to be restarted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(List.of(stateOf("product-service-1"), stateOf("product-service-2")))
                        .containsOnly("UP"));
        await("a checkout to be accepted again").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> client.post("/api/orders", admin, """
                        {"items":[{"productId":"%s","quantity":1}],"payment":{"cardNumber":"4242424242424242"},
                         "shippingAddress":{"name":"A","line1":"1 Road","city":"Town","postalCode":"1000","country":"US"}}"""
                        .formatted(product)).statusCode() == 202);

        // user-service gone: tokens already issued keep working everywhere; only logging in fails, at once
        ProcessHandle users = ProcessHandle.of(pidOf("user-service-1")).orElseThrow();
        users.destroyForcibly();
        users.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(client.get("/api/orders?size=1", admin).statusCode()).isEqualTo(200);
        assertThat(client.get("/api/notifications", admin).statusCode()).isEqualTo(200);
        // (a login may first meet the rate limit the suites before spent: one more is allowed every few seconds)
        HttpResponse<String> login = await("a login past the rate limit").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> client.post("/api/users/login", null, credentials), answer -> answer.statusCode() != 429);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(503);
        assertThat(login.headers().firstValue("Retry-After")).isPresent();
        long registerStart = System.nanoTime();
        HttpResponse<String> register = client.post("/api/users/register", null,
                "{\"name\":\"Late\",\"email\":\"late-" + System.nanoTime() + "@example.com\",\"password\":\"late-password\"}");
        assertThat(register.statusCode()).as(register.body()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - registerStart)).as("answered at once").isLessThan(Duration.ofSeconds(1));
        await("user-service to be restarted and routed again").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> client.get("/api/users/me", admin).statusCode() == 200);
    }

    @Test
    @Order(6)
    void aNewAccountGetsItsWelcomeNotificationThroughTheEventBus() throws Exception {
        GatewayClient client = client();
        String email = "dora-" + System.nanoTime() + "@example.com";
        client.register("Dora", email, "dora-password");
        String dora = client.login(email, "dora-password");
        // user-service outbox -> Kafka user-events -> notification-service -> GET /api/notifications
        await("Dora's welcome notification").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    HttpResponse<String> inbox = client.get("/api/notifications", dora);
                    assertThat(inbox.statusCode()).isEqualTo(200);
                    assertThat(JsonPath.<List<String>>read(inbox.body(), "$.content[*].type")).containsExactly("WELCOME");
                    assertThat(JsonPath.<List<String>>read(inbox.body(), "$.content[*].recipient")).containsExactly(email);
                });
    }

    @Test
    @Order(7)
    void theCatalogIsBrowsableAndOnlyAdminsMaintainIt() throws Exception {
        GatewayClient client = client();
        HttpResponse<String> page = client.get("/api/products?q=kettle", null);
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(page.body(), "$.content[*].name")).contains("Pour-Over Coffee Kettle");
        assertThat(JsonPath.<List<Object>>read(client.get("/api/products/categories", null).body(), "$")).hasSizeGreaterThanOrEqualTo(6);

        String product = "{\"sku\":\"E2E-" + System.nanoTime() + "\",\"name\":\"E2E Lamp\",\"description\":\"Made by the test\","
                + "\"category\":\"Home\",\"price\":15.50,\"stock\":3}";
        assertThat(client.post("/api/products", null, product).statusCode()).isEqualTo(401);
        String customer = client.register("Carol", "carol-" + System.nanoTime() + "@example.com", "carol-password");
        assertThat(customer).isNotBlank();
        String admin = client.login(ADMIN_EMAIL, ADMIN_PASSWORD);
        HttpResponse<String> created = client.post("/api/products", admin, product);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JsonPath.read(created.body(), "$.id");
        assertThat(JsonPath.<Integer>read(client.get("/api/products/" + id, null).body(), "$.stock")).isEqualTo(3);
        HttpResponse<String> deleted = client.send(client.request("/api/products/" + id, admin).DELETE());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(client.get("/api/products/" + id, null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(8)
    void checkoutConfirmsRejectsCancelsAndSurvivesKilledServices() throws Exception {
        String admin = client().login(ADMIN_EMAIL, ADMIN_PASSWORD);
        new CheckoutSuite(client(), admin, instance -> ProcessHandle.of(pidOf(instance)).orElseThrow().destroyForcibly()).run();
        // the suite ends once its orders are settled, not once what it killed is back (product-service-1 went last):
        // the suites after it start from a whole platform, every instance UP and the gateway's breakers closed
        await("every instance UP again").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(JsonPath.<List<String>>read(Launch.status(dataDir), "$.instances[*].state"))
                        .containsOnly("UP"));
        awaitBreakerClosed("product-service", "/api/products/e2e-probe/x", null);
        awaitBreakerClosed("order-service", "/api/orders/e2e-probe/x", admin);
    }

    @Test
    @Order(5)
    void aChangeOfTheCentralConfigurationReachesEveryGatewayInstanceWithoutARestart() throws Exception {
        List<Number> ports = JsonPath.read(Launch.status(dataDir), "$.instances[?(@.service=='api-gateway')].port");
        assertThat(ports).hasSize(2);
        new LiveConfigurationSuite(ports.stream().map(p -> new GatewayClient(http, p.intValue())).toList(),
                8090 + PORT_OFFSET, 8083 + PORT_OFFSET, configDir).run();
    }

    @Test
    @Order(9)
    void oneCheckoutIsOneTraceAcrossHttpAndKafka() throws Exception {
        new TracingSuite(client(), client().login(ADMIN_EMAIL, ADMIN_PASSWORD), spans, PORT_OFFSET).run();
    }

    /** Runs after the checkout, so the business metrics have values. */
    @Test
    @Order(10)
    void everyMetricTheDashboardsAndAlertsUseIsExposed() throws Exception {
        Path deploy = Path.of(System.getProperty("emporium.home", "../..")).toAbsolutePath().normalize().resolve("deploy");
        Set<String> used = new HashSet<>(DashboardMetrics.used(deploy));
        Set<String> exposed = new HashSet<>();
        for (int port : List.of(8081, 8082, 8083, 8084, 8085, 8086, 8090, 8761)) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(
                    "http://localhost:" + (port + PORT_OFFSET) + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scrape.statusCode()).as("scrape of port " + port).isEqualTo(200);
            scrape.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exposed::add);
        }
        used.remove("emporium_kafka_dead_letters_total"); // appears with the first dead letter, by design
        used.remove("emporium_payments_reconciled_total"); // appears with the first intent the reconciler finishes, by design
        assertThat(used).isNotEmpty().allSatisfy(metric -> assertThat(exposed).as("exposed metrics").contains(metric));
    }

    @Test
    @Order(11)
    void theWebUiWorksInARealBrowser() throws Exception {
        if (!BrowserSuite.browserInstalled()) {
            String message = "Chromium or chromedriver not found (" + BrowserSuite.CHROMIUM + ", " + BrowserSuite.CHROMEDRIVER
                    + "): install Debian's chromium and chromium-driver (.ci/run does)";
            assertThat(System.getenv("CI")).as(message).isNotEqualTo("true");
            System.err.println("\n" + "*".repeat(100) + "\nSKIPPED browser tests: " + message + "\n" + "*".repeat(100));
            org.junit.jupiter.api.Assumptions.abort(message);
        }
        new BrowserSuite(8080 + PORT_OFFSET, ADMIN_EMAIL, ADMIN_PASSWORD).run();
    }

    @Test
    @Order(12)
    void holdsTheSecurityLineThroughTheGateway() throws Exception {
        new SecuritySuite(client(), ADMIN_EMAIL, ADMIN_PASSWORD, 8081 + PORT_OFFSET).run();
    }

    @Test
    @Order(14)
    void sigtermStopsEveryProcess() throws Exception {
        Launch.sigtermStopsEveryProcess(launcher, dataDir, output);
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (spans != null) {
            spans.close();
        }
        Launch.cleanUp(launcher, output, dataDir);
    }

    private GatewayClient client() {
        return new GatewayClient(http, 8080 + PORT_OFFSET);
    }

    private long pidOf(String instance) throws IOException {
        return Launch.pidOf(dataDir, instance);
    }

    private String stateOf(String instance) throws IOException {
        return Launch.stateOf(dataDir, instance);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + (8080 + PORT_OFFSET) + path))
                .timeout(Duration.ofSeconds(10)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}

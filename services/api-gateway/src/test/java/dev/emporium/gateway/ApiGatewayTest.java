package dev.emporium.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import dev.emporium.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway against real HTTP backends found through (simple) discovery: routing, request ids,
 * aggregated health, and problem+json for everything the gateway refuses or cannot reach.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "management.server.port=0",
        "emporium.gateway.health.services=product-service,order-service", "emporium.gateway.health.cache-for=0s",
        "emporium.gateway.rate-limit.rules.probe.path=/api/products/limited/**",
        "emporium.gateway.rate-limit.rules.probe.capacity=3", "emporium.gateway.rate-limit.rules.probe.period=1m"})
class ApiGatewayTest {

    private static final AtomicReference<String> lastRequestId = new AtomicReference<>();
    private static final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private static final TestTokens tokens = new TestTokens();
    private static final HttpServer productService = backend();
    private static final int deadPort = freePort();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void discovery(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].uri",
                () -> "http://localhost:" + productService.getAddress().getPort());
        registry.add("spring.cloud.discovery.client.simple.instances.product-service[0].instance-id", () -> "product-1");
        // registered but not answering: a crashed instance discovery has not evicted yet
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", () -> "http://localhost:" + deadPort);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].instance-id", () -> "order-1");
        registry.add("spring.cloud.discovery.client.simple.instances.analytics-service[0].uri",
                () -> "http://localhost:" + productService.getAddress().getPort());
        registry.add("spring.cloud.discovery.client.simple.instances.analytics-service[0].instance-id", () -> "analytics-1");
        registry.add("emporium.security.jwks-uri",
                () -> "http://localhost:" + productService.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void stop() {
        productService.stop(0);
    }

    @Test
    void routesThePublicApiToTheServiceAndForwardsTheRequestId() throws Exception {
        HttpResponse<String> response = get("/api/products/42", Map.of("X-Request-Id", "trace-me-1"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("product /api/products/42");
        assertThat(response.headers().firstValue("X-Request-Id")).contains("trace-me-1");
        assertThat(lastRequestId.get()).isEqualTo("trace-me-1");
    }

    @Test
    void mintsARequestIdWhenTheClientSentNone() throws Exception {
        HttpResponse<String> response = get("/api/products", Map.of());
        assertThat(response.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(36));
        assertThat(lastRequestId.get()).isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void healthIs503WhileAServiceHasNoUpInstanceAndNamesEachInstance() throws Exception {
        HttpResponse<String> response = get("/api/health", Map.of());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("DOWN");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.services[?(@.name=='product-service')].status"))
                .containsExactly("UP");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.services[?(@.name=='product-service')].instances[*].id"))
                .containsExactly("product-1");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.services[?(@.name=='order-service')].instances[*].status"))
                .containsExactly("DOWN");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.services[*].name"))
                .containsExactly("api-gateway", "product-service", "order-service");
    }

    @Test
    void anUnreachableServiceIs503ProblemWithRetryAfter() throws Exception {
        HttpResponse<String> response = get("/api/orders/1", bearer(tokens.customer("u-503")));
        assertProblem(response, 503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void aServiceWithoutInstancesIs503Problem() throws Exception {
        assertProblem(get("/api/payments", bearer(tokens.customer("u-503b"))), 503);
    }

    @Test
    void protectedRoutesNeedAValidTokenWhichIsRelayed() throws Exception {
        HttpResponse<String> anonymous = get("/api/products/1", Map.of("X-Ignored", "1"));
        assertThat(anonymous.statusCode()).as("catalog reads are public").isEqualTo(200);

        HttpResponse<String> missing = get("/api/orders/1", Map.of());
        assertProblem(missing, 401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

        String token = tokens.customer("u-relay");
        assertThat(get("/api/products/mine", bearer(token)).statusCode()).isEqualTo(200);
        assertThat(lastAuthorization.get()).isEqualTo("Bearer " + token);
    }

    @Test
    void theOperationsFiguresAreForAdminsOnly() throws Exception {
        assertProblem(get("/api/ops/metrics", Map.of()), 401);
        assertProblem(get("/api/ops/metrics", bearer(tokens.customer("u-ops"))), 403);
        HttpResponse<String> metrics = get("/api/ops/metrics", bearer(tokens.admin("u-ops-admin")));
        assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
        assertThat(JsonPath.<List<Double>>read(metrics.body(),
                "$.samples[?(@.name=='emporium_orders_placed_total' && @.service=='product-service')].value")).contains(7.0);
        assertThat(JsonPath.<List<Double>>read(metrics.body(),
                "$.samples[?(@.name=='emporium_stock_reservations_stale' && @.service=='product-service')].value")).containsExactly(2.0);
        assertThat(metrics.body()).doesNotContain("http_server_requests_seconds_bucket");
    }

    @Test
    void theAnalyticsAreRoutedToAnalyticsServiceForAdminsOnly() throws Exception {
        assertProblem(get("/api/analytics/sales", Map.of()), 401);
        assertProblem(get("/api/analytics/sales", bearer(tokens.customer("u-analytics"))), 403);
        for (String report : List.of("sales", "top-products", "funnel", "signups", "out-of-stock")) {
            HttpResponse<String> answer = get("/api/analytics/" + report, bearer(tokens.admin("u-analytics-admin")));
            assertThat(answer.statusCode()).as(report).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("analytics /api/analytics/" + report);
        }
    }

    @Test
    void describesThePublicApiInOpenApi() throws Exception {
        HttpResponse<String> docs = get("/api/docs", Map.of());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(JsonPath.<String>read(docs.body(), "$.openapi")).startsWith("3.1");
        Map<String, Object> paths = JsonPath.read(docs.body(), "$.paths");
        assertThat(paths).containsKeys("/api/users/register", "/api/users/login", "/api/users/token/refresh", "/api/users/logout",
                "/api/users/me", "/api/users", "/api/users/{id}", "/api/products", "/api/products/{id}", "/api/products/categories",
                "/api/products/{id}/stock", "/api/orders", "/api/orders/{id}", "/api/orders/{id}/cancel", "/api/payments",
                "/api/payments/{id}", "/api/payments/{id}/refund", "/api/notifications", "/api/health", "/api/docs",
                "/api/products/{id}/inventory", "/api/payments/reconciliation");
        assertThat(JsonPath.<Map<String, Object>>read(docs.body(), "$.components.schemas.Payment.properties"))
                .containsKey("pendingOperation");
        assertThat(JsonPath.<Map<String, Object>>read(docs.body(), "$.components.schemas.Reconciliation.properties"))
                .containsKeys("checkedAt", "checked", "pendingIntents", "discrepancies");
        assertThat(JsonPath.<Map<String, Object>>read(docs.body(), "$.components.schemas.Inventory.properties"))
                .containsKeys("productId", "available", "reserved", "sold");
        assertThat(JsonPath.<List<String>>read(docs.body(), "$.components.schemas.Notification.properties.type.examples"))
                .contains("PAYMENT_REFUNDED");
        // every $ref resolves
        java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\"#/components/schemas/(\\w+)\"").matcher(docs.body());
        Map<String, Object> schemas = JsonPath.read(docs.body(), "$.components.schemas");
        while (refs.find()) {
            assertThat(schemas).containsKey(refs.group(1));
        }
        assertThat(docs.headers().firstValue("Link")).hasValueSatisfying(link -> assertThat(link).contains("swagger"));
    }

    @Test
    void servesTheWebUiAtTheRootUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/", Map.of());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<script type=\"module\" src=\"/js/app.js\"></script>").doesNotContain("onclick=");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(get("/js/app.js", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesEveryKindOfForgedToken() throws Exception {
        for (String forged : tokens.forgeries("u-forged")) {
            assertProblem(get("/api/orders/1", bearer(forged)), 401);
        }
    }

    @Test
    void everyAnswerCarriesSecurityHeaders() throws Exception {
        HttpResponse<String> response = get("/api/products/1", Map.of());
        assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(response.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void limitsEachCallerSeparatelyAndSaysWhenToRetry() throws Exception {
        Map<String, String> alice = bearer(tokens.customer("u-alice-limit"));
        for (int i = 0; i < 3; i++) {
            assertThat(get("/api/products/limited/x", alice).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = get("/api/products/limited/x", alice);
        assertProblem(limited, 429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(get("/api/products/limited/x", bearer(tokens.customer("u-bob-limit"))).statusCode())
                .as("another user has a bucket of their own").isEqualTo(200);
    }

    @Test
    void unknownPathsAre404ProblemAndInternalEndpointsAreNotRouted() throws Exception {
        assertProblem(get("/nothing", Map.of()), 404);
        assertProblem(get("/actuator/health", Map.of()), 404);
        assertProblem(get("/eureka/apps", Map.of()), 404);
    }

    @Test
    void pathsThatCouldEscapeARouteAre400() throws Exception {
        for (String path : List.of("/api/products/..%2f..%2factuator/env", "/api/products/%2e%2e/actuator",
                "/api/products;jsessionid=1", "/api/products//x")) {
            assertProblem(get(path, Map.of()), 400);
        }
    }

    @Test
    void declaredBodiesOverTwoMebibytesAre413() throws Exception {
        // the largest body a route takes is a product picture (2 MiB); services enforce their own limits again
        HttpRequest request = HttpRequest.newBuilder(uri("/api/products"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(2 * 1024 * 1024 + 1))).build();
        assertProblem(http.send(request, HttpResponse.BodyHandlers.ofString()), 413);
    }

    private void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + " " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(status);
        assertThat(JsonPath.<String>read(response.body(), "$.type")).isNotBlank();
        assertThat(JsonPath.<String>read(response.body(), "$.detail")).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(java.time.Duration.ofSeconds(15));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static HttpServer backend() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/.well-known/jwks.json", exchange -> {
                byte[] body = tokens.jwks().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/actuator/prometheus", exchange -> {
                // larger than WebClient's default 256 KiB buffer, as a real service's scrape is
                StringBuilder scrape = new StringBuilder("# TYPE http_server_requests_seconds histogram\n");
                for (int i = 0; i < 4000; i++) {
                    scrape.append("http_server_requests_seconds_bucket{application=\"product-service\",uri=\"/api/products/")
                            .append(i).append("\",le=\"0.1\"} 1.0\n");
                }
                scrape.append("emporium_orders_placed_total{application=\"product-service\",instance=\"p-1\"} 7.0\n");
                scrape.append("emporium_stock_reservations_stale{application=\"product-service\",instance=\"p-1\"} 2.0\n");
                byte[] body = scrape.toString().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // analytics-service, on the same stand-in server
            server.createContext("/api/analytics", exchange -> {
                byte[] body = ("analytics " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.createContext("/", exchange -> {
                lastRequestId.set(exchange.getRequestHeaders().getFirst("X-Request-Id"));
                lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = ("product " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // one thread per exchange: a large or stalled answer must not hold up the JWKS or the next request
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

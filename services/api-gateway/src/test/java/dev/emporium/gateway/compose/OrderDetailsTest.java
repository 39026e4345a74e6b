package dev.emporium.gateway.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * {@code GET /api/orders/{id}/details} against real HTTP stand-ins of order-service, payment-service and
 * notification-service found through (simple) discovery: the whole answer with the caller's token relayed, a failing
 * and a late source named in {@code degraded}, someone else's order 404, order-service down 503 with Retry-After.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false", "management.server.port=0",
        "emporium.gateway.health.services=order-service",
        "emporium.gateway.composition.deadline=PT0.5S"})
class OrderDetailsTest {

    static final String MINE = "11111111-1111-1111-1111-111111111111";
    static final String SLOW_NOTIFICATIONS = "22222222-2222-2222-2222-222222222222";
    static final String BROKEN_PAYMENTS = "33333333-3333-3333-3333-333333333333";
    static final String DOWN = "44444444-4444-4444-4444-444444444444";

    static final TestTokens tokens = new TestTokens();
    static final java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
    static final Map<String, String> authorizationSeen = new ConcurrentHashMap<>();
    static final HttpServer services = backends();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void discovery(DynamicPropertyRegistry registry) {
        for (String service : List.of("order-service", "payment-service", "notification-service")) {
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri",
                    () -> "http://localhost:" + services.getAddress().getPort());
        }
        tokens.registerJwks(registry);
    }

    @AfterAll
    static void stop() {
        testOver.countDown();
        services.stop(0);
    }

    @Test
    void theOrderItsPaymentsAndItsNotificationsInOneAnswer() throws Exception {
        String token = tokens.customer("owner");
        HttpResponse<String> answer = get(MINE, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(JsonPath.<String>read(answer.body(), "$.order.id")).isEqualTo(MINE);
        assertThat(JsonPath.<List<String>>read(answer.body(), "$.payments[*].status")).containsExactly("CAPTURED");
        assertThat(JsonPath.<List<String>>read(answer.body(), "$.notifications[*].type")).containsExactly("ORDER_CONFIRMED");
        assertThat(JsonPath.<List<String>>read(answer.body(), "$.degraded")).isEmpty();
        for (String service : List.of("order", "payment", "notification")) {
            assertThat(authorizationSeen.get(service + ":" + MINE)).as(service).isEqualTo("Bearer " + token);
        }
    }

    @Test
    void aFailingOrLateSourceIsNamedAndItsListLeftEmpty() throws Exception {
        HttpResponse<String> broken = get(BROKEN_PAYMENTS, tokens.customer("owner"));
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(broken.body(), "$.degraded")).containsExactly("payments");
        assertThat(JsonPath.<List<Object>>read(broken.body(), "$.payments")).isEmpty();
        assertThat(JsonPath.<List<String>>read(broken.body(), "$.notifications[*].type")).containsExactly("ORDER_CONFIRMED");

        long start = System.nanoTime();
        HttpResponse<String> late = get(SLOW_NOTIFICATIONS, tokens.customer("owner"));
        long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(late.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<List<String>>read(late.body(), "$.degraded")).containsExactly("notifications");
        assertThat(JsonPath.<List<String>>read(late.body(), "$.payments[*].status")).containsExactly("CAPTURED");
        assertThat(took).as("answered at the deadline, not when the late source finally answers").isLessThan(2_500);
    }

    @Test
    void someoneElsesOrderIs404AndAnUnavailableOrderService503() throws Exception {
        HttpResponse<String> notMine = get("55555555-5555-5555-5555-555555555555", tokens.customer("stranger"));
        assertThat(notMine.statusCode()).isEqualTo(404);
        assertThat(notMine.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        HttpResponse<String> down = get(DOWN, tokens.customer("owner"));
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(down.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");

        assertThat(get(MINE, null).statusCode()).as("no token").isEqualTo(401);
    }

    private HttpResponse<String> get(String orderId, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/orders/" + orderId + "/details"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One server playing the three services: which one is asked is in the path. */
    private static HttpServer backends() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/api/orders/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/api/orders/".length());
                authorizationSeen.put("order:" + id, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                if (id.equals(DOWN)) {
                    respond(exchange, 500, "{\"status\":500}");
                } else if (List.of(MINE, SLOW_NOTIFICATIONS, BROKEN_PAYMENTS).contains(id)) {
                    respond(exchange, 200, "{\"id\":\"" + id + "\",\"status\":\"CONFIRMED\"}");
                } else {
                    respond(exchange, 404, "{\"status\":404}");
                }
            });
            server.createContext("/api/payments", exchange -> {
                String id = exchange.getRequestURI().getQuery().replace("orderId=", "");
                authorizationSeen.put("payment:" + id, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                if (id.equals(BROKEN_PAYMENTS)) {
                    respond(exchange, 500, "{\"status\":500}");
                } else {
                    respond(exchange, 200, "[{\"orderId\":\"" + id + "\",\"status\":\"CAPTURED\"}]");
                }
            });
            server.createContext("/api/notifications", exchange -> {
                String id = exchange.getRequestURI().getQuery().split("&")[0].replace("orderId=", "");
                authorizationSeen.put("notification:" + id, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                if (id.equals(SLOW_NOTIFICATIONS)) {
                    try { // a stalled service: answers only when the test is over, far past the gateway's deadline
                        testOver.await(3, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                respond(exchange, 200, "{\"content\":[{\"type\":\"ORDER_CONFIRMED\"}],\"page\":{}}");
            });
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}

package dev.emporium.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.jayway.jsonpath.JsonPath;

/**
 * One checkout is one trace: the test starts the trace itself (a {@code traceparent} on the POST, as a browser
 * with tracing or an edge proxy would), then finds spans of that trace from the gateway, order-service,
 * product-service (the gRPC lookup and stock), payment-service (the gRPC tokenization and the payment) and
 * notification-service, with a client and a server span for each gRPC call, every one of them connected to
 * the test's root, so nothing started a trace of its own on the way (the outbox hands the context from the
 * HTTP thread to the Kafka producer). And the business counters moved.
 */
final class TracingSuite {

    private static final Set<String> CHECKOUT_SERVICES = Set.of("api-gateway", "order-service", "product-service",
            "payment-service", "notification-service");

    private final GatewayClient client;
    private final String admin;
    private final SpanCollector spans;
    private final int portOffset;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    TracingSuite(GatewayClient client, String admin, SpanCollector spans, int portOffset) {
        this.client = client;
        this.admin = admin;
        this.spans = spans;
        this.portOffset = portOffset;
    }

    void run() throws Exception {
        String email = "ada-" + System.nanoTime() + "@example.com";
        client.register("Ada", email, "ada-password");
        String customer = client.login(email, "ada-password");
        String sku = "TRC-" + System.nanoTime();
        HttpResponse<String> created = client.post("/api/products", admin, """
                {"sku":"%s","name":"Traced %s","description":"e2e","category":"Home","price":9.99,"stock":5}"""
                .formatted(sku, sku));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String product = JsonPath.read(created.body(), "$.id");

        double placed = counter(8083, "emporium_orders_placed_total", "");
        double confirmed = counter(8083, "emporium_orders_completed_total", "outcome=\"confirmed\"");
        double captured = counter(8084, "emporium_payments_total", "operation=\"capture\"");
        double mailed = counter(8085, "emporium_notifications_total", "type=\"ORDER_CONFIRMED\"");

        SecureRandom random = new SecureRandom();
        String traceId = HexFormat.of().formatHex(random.generateSeed(16));
        String rootSpan = HexFormat.of().formatHex(random.generateSeed(8));
        String body = CheckoutSuite.orderBody(product, 1, CheckoutSuite.VISA);
        HttpResponse<String> accepted = client.send(client.request("/api/orders", customer)
                .header("Content-Type", "application/json").header("traceparent", "00-" + traceId + "-" + rootSpan + "-01")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String order = JsonPath.read(accepted.body(), "$.id");
        await("order " + order + " to be CONFIRMED").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> JsonPath.read(client.get("/api/orders/" + order, customer).body(), "$.status").equals("CONFIRMED"));

        await("spans of trace " + traceId + " from every service of the checkout").atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<SpanCollector.Span> trace = spans.trace(traceId);
                    assertThat(trace.stream().map(SpanCollector.Span::service).collect(Collectors.toSet()))
                            .as(describe(trace)).containsAll(CHECKOUT_SERVICES);
                    assertThat(trace.stream().map(SpanCollector.Span::kind).collect(Collectors.toSet()))
                            .as("HTTP, gRPC and Kafka hops: " + describe(trace)).contains("SERVER", "CLIENT", "PRODUCER", "CONSUMER");
                    for (String method : List.of("emporium.catalog.v1.ProductLookup/Lookup",
                            "emporium.payments.v1.PaymentMethods/Tokenize")) {
                        String callee = method.contains("catalog") ? "product-service" : "payment-service";
                        assertThat(trace).as("the gRPC call " + method + " as a client span of order-service: " + describe(trace))
                                .anySatisfy(span -> assertGrpcSpan(span, method, "order-service", "CLIENT"));
                        assertThat(trace).as("and a server span of " + callee + ": " + describe(trace))
                                .anySatisfy(span -> assertGrpcSpan(span, method, callee, "SERVER"));
                    }
                    Set<String> ids = trace.stream().map(SpanCollector.Span::id).collect(Collectors.toSet());
                    assertThat(trace).as("every span hangs off the test's root span or another span of the trace")
                            .allSatisfy(span -> assertThat(rootSpan.equals(span.parentId()) || ids.contains(span.parentId()))
                                    .as("parent of " + span).isTrue());
                });
        System.out.println("E2E: one checkout, one trace " + traceId + ": " + describe(spans.trace(traceId)));

        await("the business counters to move").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .untilAsserted(() -> {
                    assertThat(counter(8083, "emporium_orders_placed_total", "")).isGreaterThanOrEqualTo(placed + 1);
                    assertThat(counter(8083, "emporium_orders_completed_total", "outcome=\"confirmed\""))
                            .isGreaterThanOrEqualTo(confirmed + 1);
                    assertThat(counter(8084, "emporium_payments_total", "operation=\"capture\""))
                            .isGreaterThanOrEqualTo(captured + 1);
                    assertThat(counter(8085, "emporium_notifications_total", "type=\"ORDER_CONFIRMED\""))
                            .isGreaterThanOrEqualTo(mailed + 1);
                });
    }

    private static void assertGrpcSpan(SpanCollector.Span span, String method, String service, String kind) {
        assertThat(span.name()).isEqualToIgnoringCase(method);
        assertThat(span.service()).isEqualTo(service);
        assertThat(span.kind()).isEqualTo(kind);
    }

    private static String describe(List<SpanCollector.Span> trace) {
        Map<String, Set<String>> byService = trace.stream().collect(Collectors.groupingBy(SpanCollector.Span::service,
                Collectors.mapping(span -> span.kind() + " " + span.name(), Collectors.toCollection(TreeSet::new))));
        return trace.size() + " spans " + new java.util.TreeMap<>(byService);
    }

    /** The sum of a counter's series on one service whose labels contain {@code labels}. */
    private double counter(int port, String metric, String labels) throws IOException, InterruptedException {
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + (port + portOffset) + "/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.statusCode()).isEqualTo(200);
        return scrape.body().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> line.contains(labels))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}

package dev.emporium.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import dev.emporium.analytics.rebuild.Rebuild;
import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.OrderEvent;
import dev.emporium.contracts.checkout.PaymentEvent;
import dev.emporium.contracts.product.ProductEvent;
import dev.emporium.contracts.product.ProductSnapshot;
import dev.emporium.contracts.product.ProductTopics;
import dev.emporium.contracts.user.UserEvent;
import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.contracts.user.UserTopics;
import dev.emporium.testsupport.KafkaTopics;
import dev.emporium.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service on a real (embedded KRaft) broker: a few hundred generated orders, with duplicates, late events and
 * refunds, give the figures the orders say; a reset and a replay from offset 0 give the same figures again; only
 * admins may read them and bad ranges are 400s.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.streams.properties.commit.interval.ms=100",
        "EMPORIUM_DATA_DIR=${java.io.tmpdir}/analytics-test-${random.uuid}"})
@EmbeddedKafka(partitions = 3, topics = {CheckoutTopics.ORDER_EVENTS, CheckoutTopics.PAYMENT_EVENTS,
        UserTopics.USER_EVENTS, ProductTopics.PRODUCT_EVENTS})
class AnalyticsServiceTest {

    static final TestTokens tokens = new TestTokens();
    static final String[] REASONS = {"OUT_OF_STOCK", "PAYMENT_DECLINED", "TIMEOUT"};

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        tokens.registerJwks(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    StreamsBuilderFactoryBean streams;

    final JsonMapper json = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();
    final String admin = tokens.admin("admin-1");

    /** What the generated events say, computed here without the service's code. */
    final Map<Instant, long[]> hourly = new TreeMap<>(); // placed, confirmed, oos, declined, timeout, cancelled, units
    final Map<Instant, BigDecimal> revenue = new HashMap<>();
    final Map<String, Long> unitsByProduct = new HashMap<>();
    final Map<LocalDate, Long> signups = new TreeMap<>();

    @Test
    void figuresMatchTheOrdersAndAReplayFromOffsetZeroGivesTheSameFigures() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(6, ChronoUnit.HOURS);
        List<String> productIds = List.of(uuid("kettle"), uuid("mug"), uuid("beans"), uuid("filter"), uuid("scale"));
        try (KafkaTopics topics = new KafkaTopics(broker.getBrokersAsString())) {
            publishCatalog(topics, base, productIds);
            publishOrders(topics, base, productIds, 300);
            publishSignups(topics, base, 40);
        }
        String range = "from=" + base.minus(1, ChronoUnit.HOURS) + "&to=" + base.plus(8, ChronoUnit.HOURS);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertSalesMatch(get("/api/analytics/sales?" + range + "&interval=hour", admin)));
        JsonNode funnel = json.readTree(get("/api/analytics/funnel?" + range, admin).body());
        long placed = hourly.values().stream().mapToLong(h -> h[0]).sum();
        long confirmed = hourly.values().stream().mapToLong(h -> h[1]).sum();
        assertThat(funnel.get("placed").asLong()).isEqualTo(placed).isEqualTo(300);
        assertThat(funnel.get("confirmed").asLong()).isEqualTo(confirmed);
        assertThat(funnel.get("rejected").get("PAYMENT_DECLINED").asLong())
                .isEqualTo(hourly.values().stream().mapToLong(h -> h[3]).sum());
        assertThat(funnel.get("confirmationRate").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(confirmed).divide(BigDecimal.valueOf(placed), 4,
                        java.math.RoundingMode.HALF_EVEN));

        JsonNode top = json.readTree(get("/api/analytics/top-products?" + range + "&by=units&limit=3", admin).body());
        List<Map.Entry<String, Long>> expectedTop = unitsByProduct.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(3).toList();
        assertThat(top).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(top.get(i).get("productId").asString()).isEqualTo(expectedTop.get(i).getKey());
            assertThat(top.get(i).get("units").asLong()).isEqualTo(expectedTop.get(i).getValue());
            assertThat(top.get(i).get("name").asString()).as("the catalog's current name").startsWith("Product ");
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode days = json.readTree(get("/api/analytics/signups?from=" + base.minus(2, ChronoUnit.DAYS)
                    + "&to=" + base.plus(1, ChronoUnit.DAYS), admin).body());
            Map<LocalDate, Long> seen = new TreeMap<>();
            days.forEach(d -> {
                if (d.get("count").asLong() > 0) {
                    seen.put(LocalDate.parse(d.get("day").asString()), d.get("count").asLong());
                }
            });
            assertThat(seen).isEqualTo(signups);
        });
        assertThat(json.readTree(get("/api/analytics/out-of-stock", admin).body()).findValuesAsString("productId"))
                .containsExactly(productIds.get(4));

        Map<String, String> before = snapshot(range);

        // reset + replay from offset 0: the same figures
        streams.stop();
        assertThat(Rebuild.reset(broker.getBrokersAsString(), "analytics-service", Duration.ofSeconds(30)))
                .as("its changelogs and repartition topics").isNotEmpty();
        streams.start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(snapshot(range)).isEqualTo(before));
    }

    @Test
    void onlyAdminsReadTheFiguresAndBadRangesAre400() throws Exception {
        assertThat(get("/api/analytics/sales", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/analytics/sales", tokens.customer("customer-1")).statusCode()).isEqualTo(403);
        for (String bad : List.of("/api/analytics/sales?from=yesterday", "/api/analytics/sales?interval=week",
                "/api/analytics/sales?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                "/api/analytics/sales?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&interval=hour",
                "/api/analytics/top-products?limit=101", "/api/analytics/top-products?by=price",
                "/api/analytics/top-products?limit=abc", "/api/analytics/funnel?from=%2B10000-01-01T00:00:00Z",
                "/api/analytics/sales?to=-1000000000-01-01T00:00:00Z", "/api/analytics/signups?to=%2B1000000000-12-31T23:59:59Z",
                "/api/analytics/funnel?to=not-a-time")) {
            HttpResponse<String> response = get(bad, admin);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(bad)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(Rebuild.reset(broker.getBrokersAsString(), "never-started-" + UUID.randomUUID(), Duration.ofSeconds(30)))
                .as("a rebuild on a cluster that never saw the application: nothing to do, no failure").isEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> get("/actuator/health/readiness", null).statusCode() == 200);
        HttpResponse<String> response = get("/api/analytics/sales?from=2020-01-01T00:00:00Z&to=2020-01-03T00:00:00Z"
                + "&interval=day", admin);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode sales = json.readTree(response.body());
        assertThat(sales).as("zero-filled, one point per day").hasSize(2);
        assertThat(sales.get(0).get("start").asString()).isEqualTo("2020-01-01T00:00:00Z");
        assertThat(sales.get(0).get("placed").asLong()).isZero();
        assertThat(sales.get(0).get("currency").asString()).isEqualTo("USD");
    }

    private void assertSalesMatch(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<Instant, long[]> seen = new TreeMap<>();
        Map<Instant, BigDecimal> seenRevenue = new HashMap<>();
        for (JsonNode point : json.readTree(response.body())) {
            Instant start = Instant.parse(point.get("start").asString());
            JsonNode rejected = point.get("rejected");
            long[] figures = {point.get("placed").asLong(), point.get("confirmed").asLong(),
                    rejected.get(REASONS[0]).asLong(), rejected.get(REASONS[1]).asLong(), rejected.get(REASONS[2]).asLong(),
                    point.get("cancelled").asLong(), point.get("units").asLong()};
            if (java.util.Arrays.stream(figures).anyMatch(n -> n != 0)) {
                seen.put(start, figures);
            }
            if (point.get("revenue").decimalValue().signum() != 0) {
                seenRevenue.put(start, point.get("revenue").decimalValue());
            }
        }
        assertThat(seen.keySet()).isEqualTo(hourly.keySet());
        hourly.forEach((hour, expected) -> assertThat(seen.get(hour)).as(hour.toString()).containsExactly(expected));
        assertThat(seenRevenue.keySet()).isEqualTo(revenue.entrySet().stream().filter(e -> e.getValue().signum() != 0)
                .map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet()));
        seenRevenue.forEach((hour, amount) -> assertThat(amount).as(hour.toString()).isEqualByComparingTo(revenue.get(hour)));
    }

    private Map<String, String> snapshot(String range) throws Exception {
        Map<String, String> bodies = new TreeMap<>();
        for (String path : List.of("/api/analytics/sales?" + range + "&interval=hour",
                "/api/analytics/sales?" + range + "&interval=day", "/api/analytics/funnel?" + range,
                "/api/analytics/top-products?" + range + "&by=revenue&limit=100",
                "/api/analytics/top-products?" + range + "&by=units&limit=100",
                "/api/analytics/signups?" + range, "/api/analytics/out-of-stock")) {
            HttpResponse<String> response = get(path, admin);
            bodies.put(path, response.statusCode() + " " + response.body());
        }
        return bodies;
    }

    private void publishCatalog(KafkaTopics topics, Instant base, List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            int available = i == 4 ? 0 : 100;
            ProductSnapshot product = new ProductSnapshot(id, "SKU-" + i, "Product " + i, null, "kitchen",
                    new BigDecimal("10.00"), "USD", available, true, base.plusSeconds(i));
            topics.send(ProductTopics.PRODUCT_EVENTS, id, json.writeValueAsString(
                    ProductEvent.of(ProductEvent.CREATED, product)));
        }
    }

    private void publishOrders(KafkaTopics topics, Instant base, List<String> productIds, int count) {
        Random random = new Random(42);
        List<Runnable> late = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String order = UUID.randomUUID().toString();
            Instant placedAt = base.plusSeconds(random.nextInt(5 * 3600));
            List<OrderEvent.Item> items = new ArrayList<>();
            for (int line = 0, lines = 1 + random.nextInt(3); line < lines; line++) {
                String product = productIds.get(random.nextInt(4));
                items.add(new OrderEvent.Item(UUID.fromString(product), "SKU", "Sold as " + line,
                        new BigDecimal(5 + random.nextInt(20) + ".50"), 1 + random.nextInt(3)));
            }
            BigDecimal total = items.stream().map(i -> i.unitPrice().multiply(BigDecimal.valueOf(i.quantity())))
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            int outcome = random.nextInt(10);
            boolean duplicate = random.nextInt(10) == 0;
            List<Runnable> events = new ArrayList<>();
            events.add(send(topics, CheckoutTopics.ORDER_EVENTS, order, CheckoutMessage.of("/emporium/order-service",
                    new OrderEvent.OrderPlaced(order, "u", total, "USD", items), placedAt), duplicate));
            count(placedAt, 0, 1);
            if (outcome < 7 || outcome == 9) {
                Instant confirmedAt = placedAt.plusSeconds(1);
                events.add(send(topics, CheckoutTopics.PAYMENT_EVENTS, order, CheckoutMessage.once(
                        "/emporium/payment-service", new PaymentEvent.PaymentCaptured(order, "p", "u", total, "USD"),
                        confirmedAt), duplicate));
                events.add(send(topics, CheckoutTopics.ORDER_EVENTS, order, CheckoutMessage.once(
                        "/emporium/order-service", new OrderEvent.OrderConfirmed(order, "u", total, "USD", items),
                        confirmedAt), duplicate));
                count(confirmedAt, 1, 1);
                count(confirmedAt, 6, items.stream().mapToLong(OrderEvent.Item::quantity).sum());
                revenue.merge(hour(confirmedAt), total, BigDecimal::add);
                items.forEach(i -> unitsByProduct.merge(i.productId().toString(), (long) i.quantity(), Long::sum));
                if (outcome == 9) { // refunded and cancelled 90 minutes later
                    Instant refundedAt = placedAt.plus(90, ChronoUnit.MINUTES);
                    events.add(send(topics, CheckoutTopics.PAYMENT_EVENTS, order, CheckoutMessage.once(
                            "/emporium/payment-service", new PaymentEvent.PaymentRefunded(order, "p", "u", total, "USD"),
                            refundedAt), true));
                    events.add(send(topics, CheckoutTopics.ORDER_EVENTS, order, CheckoutMessage.once(
                            "/emporium/order-service", new OrderEvent.OrderCancelled(order, "u", total, "USD"),
                            refundedAt), false));
                    count(refundedAt, 5, 1);
                    revenue.merge(hour(refundedAt), total.negate(), BigDecimal::add);
                }
            } else {
                int reason = outcome - 7 == 0 ? random.nextInt(3) : 1;
                events.add(send(topics, CheckoutTopics.ORDER_EVENTS, order, CheckoutMessage.once(
                        "/emporium/order-service", new OrderEvent.OrderRejected(order, "u", REASONS[reason], total, "USD"),
                        placedAt.plusSeconds(2)), duplicate));
                count(placedAt.plusSeconds(2), 2 + reason, 1);
            }
            // one order in ten arrives late: after every other order's events, in reverse order
            if (random.nextInt(10) == 0) {
                late.addAll(events.reversed());
            } else {
                events.forEach(Runnable::run);
            }
        }
        late.forEach(Runnable::run);
    }

    private void publishSignups(KafkaTopics topics, Instant base, int count) {
        for (int n = 0; n < count; n++) {
            String user = UUID.randomUUID().toString();
            Instant at = base.minus(n % 3, ChronoUnit.DAYS);
            String event = json.writeValueAsString(UserEvent.registered(
                    new UserRegistered(user, "User " + n, "user" + n + "@example.com", null, at)));
            topics.send(UserTopics.USER_EVENTS, user, event);
            if (n % 5 == 0) {
                topics.send(UserTopics.USER_EVENTS, user, event); // redelivered
            }
            signups.merge(LocalDate.ofInstant(at, ZoneOffset.UTC), 1L, Long::sum);
        }
    }

    private Runnable send(KafkaTopics topics, String topic, String key, Object message, boolean twice) {
        String text = json.writeValueAsString(message);
        return () -> {
            topics.send(topic, key, text);
            if (twice) {
                topics.send(topic, key, text);
            }
        };
    }

    private void count(Instant at, int figure, long n) {
        hourly.computeIfAbsent(hour(at), h -> new long[7])[figure] += n;
    }

    private static Instant hour(Instant at) {
        return at.truncatedTo(ChronoUnit.HOURS);
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes()).toString();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

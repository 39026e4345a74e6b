package dev.emporium.order.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentCommand.CapturePayment;
import dev.emporium.contracts.checkout.PaymentCommand.RefundPayment;
import dev.emporium.contracts.checkout.PaymentCommand.VoidPayment;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentCaptured;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.order.saga.CheckoutSaga;
import dev.emporium.order.saga.CheckoutSagaState;
import dev.emporium.testsupport.ApiClient;
import dev.emporium.testsupport.KafkaTopics;
import dev.emporium.testsupport.TestTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * order-service end to end on its own: HTTP in, the saga over a real (embedded) Kafka broker, its own database
 * (H2 here, PostgreSQL in {@link CheckoutFlowPostgresTest}); product-service and payment-service are stood in by
 * {@link FakeServices} (gRPC) and {@link FakeParticipants} (Kafka). One test per saga path, plus idempotency,
 * validation, an unavailable dependency and the card number's whereabouts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.datasource.hikari.maximum-pool-size=20",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.checkout.step-timeout=PT3S",
        "emporium.checkout.deadline-check=PT0.2S",
        // twenty concurrent first tries of one order must all reach the idempotency check, not the load shedding
        "emporium.checkout.min-in-flight=32",
        "emporium.dependencies.breaker.open-for=PT2S",
        "emporium.dependencies.deadline=PT0.5S",
        "emporium.orders.events.heartbeat=PT0.5S"})
@EmbeddedKafka(partitions = 2)
class CheckoutFlowTest {

    static final TestTokens tokens = new TestTokens();
    static final FakeServices services = start();
    static FakeParticipants participants;
    static final String VISA = "4242424242424242";
    static final String DECLINED = "4000000000000002";
    static final String SILENT = "5555555555554444";
    /** Passes order-service's own checks; the (fake) processor refuses it. */
    static final String REFUSED_CARD = "4000000000000069";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CheckoutSaga saga;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    CircuitBreakerRegistry breakers;

    final String user = "u-" + UUID.randomUUID();
    final String customer = tokens.customer(user);
    FakeServices.Product kettle;
    FakeServices.Product mug;

    @DynamicPropertySource
    static void wiring(DynamicPropertyRegistry registry) {
        tokens.registerJwks(registry);
        registry.add("emporium.identity.token-uri", services::tokenUri);
        for (String service : List.of("product-service", "payment-service")) {
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].uri", () -> "http://localhost:1");
            registry.add("spring.cloud.discovery.client.simple.instances." + service + "[0].metadata.grpc-port", services::port);
        }
    }

    static FakeServices start() {
        try {
            FakeServices fake = new FakeServices();
            fake.tokenForCard.put(DECLINED, "pm_declined");
            fake.tokenForCard.put(SILENT, "pm_silent");
            fake.tokenForCard.put(REFUSED_CARD, FakeServices.REFUSED);
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void participants() {
        if (participants == null) {
            participants = new FakeParticipants(broker.getBrokersAsString());
            participants.declinedTokens.add("pm_declined");
            participants.silentTokens.add("pm_silent");
        }
        participants.duplicateEverything = false;
        services.failing = false;
        services.stalling = false;
        // each test starts with closed breakers and empty windows: a test that opened one (or left it half-open)
        // must not decide how many attempts the next one sees (CI once saw 2 of 3, then 503 for every test after)
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        kettle = services.add("Kettle", "39.90");
        mug = services.add("Mug", "7.25");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (participants != null) {
            participants.close();
            participants = null;
        }
    }

    @Test
    void aPlacedOrderIsPendingThenConfirmedWithTheCatalogsPrices() throws Exception {
        HttpResponse<String> placed = api().post("/api/orders", customer, """
                {"items":[{"productId":"%s","quantity":2,"unitPrice":0.01},{"productId":"%s","quantity":3}],
                 "total":0.01, "payment":{"cardNumber":"%s"}, "shippingAddress":%s}""".formatted(kettle.id(), mug.id(), VISA, ADDRESS));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        String id = JsonPath.read(placed.body(), "$.id");
        assertThat(placed.headers().firstValue("Location")).contains("/api/orders/" + id);
        assertThat(JsonPath.<String>read(placed.body(), "$.status")).isEqualTo("PENDING");
        assertThat(JsonPath.<Double>read(placed.body(), "$.total")).isEqualTo(101.55);
        assertThat(JsonPath.<Double>read(placed.body(), "$.items[0].unitPrice")).isEqualTo(39.90);
        assertThat(JsonPath.<Double>read(placed.body(), "$.items[1].lineTotal")).isEqualTo(21.75);
        assertThat(JsonPath.<String>read(placed.body(), "$.items[0].name")).isEqualTo("Kettle");
        assertThat(JsonPath.<String>read(placed.body(), "$.cardLast4")).isEqualTo("4242");
        assertThat(placed.body()).doesNotContain(VISA).doesNotContain("pm_");

        String confirmed = awaitStatus(id, "CONFIRMED");
        assertThat(JsonPath.<List<String>>read(confirmed, "$.history[*].status")).containsExactly("PENDING", "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).until(() -> saga.state(UUID.fromString(id)).orElseThrow().step().equals(CheckoutSagaState.DONE));
        assertThat(participants.count(CapturePayment.class, id)).isEqualTo(1);
        AuthorizePayment authorize = participants.commands.stream().filter(AuthorizePayment.class::isInstance)
                .map(AuthorizePayment.class::cast).filter(a -> a.orderId().equals(id)).findFirst().orElseThrow();
        assertThat(authorize.amount()).isEqualByComparingTo("101.55");
        assertThat(authorize.userId()).isEqualTo(user);
        assertThat(eventTypes(id)).contains("dev.emporium.OrderPlaced.v1", "dev.emporium.OrderConfirmed.v1");
        String metrics = api().get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("emporium_orders_placed_total", "emporium_orders_completed_total{",
                "outcome=\"confirmed\"", "emporium_checkout_duration_seconds_bucket", "emporium_outbox_pending",
                "resilience4j_circuitbreaker_state");
        assertThat(metrics.lines().filter(line -> line.startsWith("emporium_outbox_oldest_age_seconds{"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
                .as("the outbox age is read from the table").singleElement()
                .satisfies(age -> assertThat(age).isNotNaN().isGreaterThanOrEqualTo(0.0));
        assertThat(metrics.lines().filter(line -> line.startsWith("emporium_checkout_admission_limit{"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))))
                .as("the admission limit counted sagas and decisions in the database: at least min-in-flight")
                .singleElement().satisfies(limit -> assertThat(limit).isBetween(32.0, 64.0));
    }

    @Test
    void anOrdersEventStreamFollowsItUntilATerminalStatus() throws Exception {
        String id = place(order(kettle, 1, VISA));
        HttpResponse<java.util.stream.Stream<String>> stream = api().send(api().request("/api/orders/" + id + "/events", customer)
                .header("Accept", "text/event-stream").GET(), HttpResponse.BodyHandlers.ofLines());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Void> read = java.util.concurrent.CompletableFuture.runAsync(
                () -> stream.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(15)).until(() -> statuses(lines).contains("CONFIRMED"));
        assertThat(statuses(lines).getFirst()).as("the first event is where the order stood").isIn("PENDING", "CONFIRMED");
        assertThat(lines).as("event names").contains("event:status");
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains(":heartbeat"));
        assertThat(read).as("a confirmed order's stream stays open: it may still be cancelled").isNotDone();
        assertThat(api().get("/actuator/prometheus", null).body()).contains("emporium_order_streams_open{");

        assertThat(api().post("/api/orders/" + id + "/cancel", customer, "").statusCode()).isEqualTo(202);
        read.get(15, java.util.concurrent.TimeUnit.SECONDS); // ended by the server after CANCELLED
        assertThat(statuses(lines).getLast()).isEqualTo("CANCELLED");
        assertThat(lines.stream().filter(l -> l.startsWith("data:")).toList().getLast())
                .contains("\"history\"").contains("\"id\":\"" + id + "\"");

        HttpResponse<String> someoneElses = api().send(api().request("/api/orders/" + id + "/events",
                tokens.customer("u-" + UUID.randomUUID())).header("Accept", "text/event-stream").GET());
        assertThat(someoneElses.statusCode()).isEqualTo(404);
        assertThat(api().send(api().request("/api/orders/" + UUID.randomUUID() + "/events", customer)
                .header("Accept", "text/event-stream").GET()).statusCode()).isEqualTo(404);
        // a rejected order's stream ends at once
        String rejected = place(order(kettle, 1, DECLINED));
        awaitStatus(rejected, "REJECTED");
        HttpResponse<String> ended = api().send(api().request("/api/orders/" + rejected + "/events", customer)
                .header("Accept", "text/event-stream").GET());
        assertThat(statuses(ended.body().lines().toList())).containsExactly("REJECTED");
    }

    private static List<String> statuses(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("data:")).map(l -> JsonPath.<String>read(l.substring(5), "$.status")).toList();
    }

    @Test
    void outOfStockIsRejected() throws Exception {
        participants.outOfStock.add(mug.id());
        String id = place(order(mug, 1, VISA));
        String rejected = awaitStatus(id, "REJECTED");
        assertThat(JsonPath.<String>read(rejected, "$.failureReason")).isEqualTo("OUT_OF_STOCK");
        assertThat(participants.count(AuthorizePayment.class, id)).isZero();
    }

    @Test
    void aDeclinedPaymentReleasesTheStockAndRejects() throws Exception {
        String id = place(order(kettle, 1, DECLINED));
        String rejected = awaitStatus(id, "REJECTED");
        assertThat(JsonPath.<String>read(rejected, "$.failureReason")).isEqualTo("PAYMENT_DECLINED");
        assertThat(participants.count(ReleaseStock.class, id)).isEqualTo(1);
        assertThat(eventTypes(id)).contains("dev.emporium.OrderRejected.v1");
    }

    @Test
    void aStepPastItsDeadlineIsCompensatedAndTheOrderRejectedWithTimeout() throws Exception {
        String id = place(order(kettle, 1, SILENT));
        String rejected = awaitStatus(id, "REJECTED");
        assertThat(JsonPath.<String>read(rejected, "$.failureReason")).isEqualTo("TIMEOUT");
        assertThat(participants.count(ReleaseStock.class, id)).isEqualTo(1);
        assertThat(participants.count(VoidPayment.class, id)).isEqualTo(1);
    }

    @Test
    void theAdmissionLimitCountsOnlyOrdersAwaitingTheirDecision() throws Exception {
        String id = place(order(kettle, 1, VISA));
        awaitStatus(id, "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).until(() -> saga.state(UUID.fromString(id)).orElseThrow().step().equals(CheckoutSagaState.DONE));
        double before = inFlightGauge();
        for (String step : List.of("COMPLETING", "CANCELLING", "AUTHORIZING_PAYMENT", "COMPENSATING", "DONE")) {
            // far deadlines: the deadline checker leaves the row alone while it is looked at
            jdbc.sql("update checkout_saga set step = ?, attempts = 0, deadline = ? where order_id = ?")
                    .params(step, java.sql.Timestamp.from(java.time.Instant.now().plusSeconds(600)), UUID.fromString(id)).update();
            double expected = step.equals("AUTHORIZING_PAYMENT") || step.equals("COMPENSATING") ? before + 1 : before;
            assertThat(inFlightGauge()).as("in flight with the saga in " + step).isEqualTo(expected);
        }
        jdbc.sql("update checkout_saga set deadline = null where order_id = ?").params(UUID.fromString(id)).update();
    }

    private double inFlightGauge() throws Exception {
        return api().get("/actuator/prometheus", null).body().lines()
                .filter(line -> line.startsWith("emporium_checkout_in_flight"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void cancellingAConfirmedOrderRefundsAndRestocks() throws Exception {
        String id = place(order(kettle, 1, VISA));
        awaitStatus(id, "CONFIRMED");
        HttpResponse<String> cancel = api().post("/api/orders/" + id + "/cancel", customer, "");
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        String cancelled = awaitStatus(id, "CANCELLED");
        assertThat(JsonPath.<List<String>>read(cancelled, "$.history[*].status")).containsExactly("PENDING", "CONFIRMED", "CANCELLED");
        assertThat(participants.count(RefundPayment.class, id)).isEqualTo(1);
        assertThat(participants.count(ReturnStock.class, id)).isEqualTo(1);
        assertThat(api().post("/api/orders/" + id + "/cancel", customer, "").statusCode()).isEqualTo(409);
        assertThat(api().post("/api/orders/" + id + "/cancel", tokens.customer("someone-else"), "").statusCode()).isEqualTo(404);
        assertThat(eventTypes(id)).contains("dev.emporium.OrderCancelled.v1");
    }

    @Test
    void onlyConfirmedOrdersCanBeCancelled() throws Exception {
        String id = place(order(kettle, 1, DECLINED));
        awaitStatus(id, "REJECTED");
        HttpResponse<String> cancel = api().post("/api/orders/" + id + "/cancel", customer, "");
        assertThat(cancel.statusCode()).isEqualTo(409);
        assertThat(cancel.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void anAdminRefundAtPaymentServiceCancelsTheOrderAndReturnsItsStock() throws Exception {
        String id = place(order(kettle, 1, VISA));
        awaitStatus(id, "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).until(() -> saga.state(UUID.fromString(id)).orElseThrow().step().equals(CheckoutSagaState.DONE));
        participants.send(CheckoutTopics.PAYMENT_EVENTS, new PaymentRefunded(id, "pay-" + id, user, null, "USD"));
        awaitStatus(id, "CANCELLED");
        assertThat(participants.count(ReturnStock.class, id)).isEqualTo(1);
        assertThat(participants.count(RefundPayment.class, id)).as("already refunded").isZero();
    }

    @Test
    void aCaptureEventOnPaymentEventsIsLeftToAnalyticsAndNotifications() throws Exception {
        String id = place(order(kettle, 1, VISA));
        awaitStatus(id, "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).until(() -> saga.state(UUID.fromString(id)).orElseThrow().step().equals(CheckoutSagaState.DONE));
        String captured = participants.send(CheckoutTopics.PAYMENT_EVENTS, new PaymentCaptured(id, "pay-" + id, user, null, "USD"));
        String refunded = participants.send(CheckoutTopics.PAYMENT_EVENTS, new PaymentRefunded(id, "pay-" + id, user, null, "USD"));
        awaitStatus(id, "CANCELLED");
        assertThat(applied(refunded)).as("the refund, behind the capture event on the same partition").isEqualTo(1);
        assertThat(applied(captured)).as("the capture is acknowledged by its reply; the event cost the saga nothing").isZero();
    }

    private long applied(String messageId) {
        return jdbc.sql("select count(*) from processed_message where message_id = ?").param(messageId).query(Long.class).single();
    }

    @Test
    void everyReplyDeliveredTwiceOrMoreEndsTheSame() throws Exception {
        participants.duplicateEverything = true;
        String id = place(order(kettle, 2, VISA));
        String confirmed = awaitStatus(id, "CONFIRMED");
        await().atMost(Duration.ofSeconds(10)).until(() -> saga.state(UUID.fromString(id)).orElseThrow().step().equals(CheckoutSagaState.DONE));
        assertThat(JsonPath.<List<String>>read(confirmed, "$.history[*].status")).containsExactly("PENDING", "CONFIRMED");
        assertThat(participants.count(ReserveStock.class, id)).isEqualTo(1);
        assertThat(participants.count(AuthorizePayment.class, id)).isEqualTo(1);
        assertThat(participants.count(CapturePayment.class, id)).isEqualTo(1);
        String declined = place(order(kettle, 1, DECLINED));
        awaitStatus(declined, "REJECTED");
        assertThat(participants.count(ReleaseStock.class, declined)).isEqualTo(1);
    }

    @Test
    void twentyConcurrentRetriesWithOneKeyPlaceOneOrder() throws Exception {
        String key = "checkout-" + UUID.randomUUID();
        String body = order(kettle, 1, VISA);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callable<HttpResponse<String>> post = () -> {
                go.await();
                return api().send(api().request("/api/orders", customer).header("Idempotency-Key", key)
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
            };
            answers.add(pool.submit(post));
        }
        go.countDown();
        List<String> ids = new ArrayList<>();
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            ids.add(JsonPath.read(response.body(), "$.id"));
        }
        pool.shutdown();
        assertThat(ids).containsOnly(ids.getFirst());
        assertThat(jdbc.sql("select count(*) from orders where user_id = ?").param(user).query(Long.class).single()).isEqualTo(1);
        HttpResponse<String> different = api().send(api().request("/api/orders", customer).header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(order(kettle, 2, VISA))));
        assertThat(different.statusCode()).isEqualTo(422);
        assertThat(different.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void badOrdersAreRefusedAndNothingIsStored() throws Exception {
        String tooMany = "[" + String.join(",", java.util.Collections.nCopies(51,
                "{\"productId\":\"" + kettle.id() + "\",\"quantity\":1}")) + "]";
        List<String> bodies = List.of(
                "{}",
                "not json",
                body("[]", VISA, ADDRESS),
                body(tooMany, VISA, ADDRESS),
                body(items(kettle, 0), VISA, ADDRESS),
                body(items(kettle, 101), VISA, ADDRESS),
                body(items(kettle, 1), "4242424242424241", ADDRESS),
                body(items(kettle, 1), "4242-abcd", ADDRESS),
                body(items(kettle, 1), VISA, "{\"name\":\"Ada\"}"),
                body(items(kettle, 1), VISA, ADDRESS.replace("\"US\"", "\"usa\"")),
                body("[{\"productId\":\"not-a-uuid\",\"quantity\":1}]", VISA, ADDRESS),
                body("[{\"productId\":\"%s\",\"quantity\":1},{\"productId\":\"%s\",\"quantity\":2}]"
                        .formatted(kettle.id(), kettle.id()), VISA, ADDRESS));
        for (String body : bodies) {
            HttpResponse<String> refused = api().post("/api/orders", customer, body);
            assertThat(refused.statusCode()).as(body).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        HttpResponse<String> unknown = api().post("/api/orders", customer, body(
                "[{\"productId\":\"%s\",\"quantity\":1}]".formatted(UUID.randomUUID()), VISA, ADDRESS));
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(api().post("/api/orders", null, order(kettle, 1, VISA)).statusCode()).isEqualTo(401);
        assertThat(jdbc.sql("select count(*) from orders where user_id = ?").param(user).query(Long.class).single()).isZero();
    }

    @Test
    void whenTheCatalogIsDownTheAnswerIs503WithRetryAfterAndNothingIsStored() throws Exception {
        services.failing = true;
        int before = services.lookups.get();
        HttpResponse<String> first = api().post("/api/orders", customer, order(kettle, 1, VISA));
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        assertThat(first.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(services.lookups.get() - before).as("the lookup is an idempotent read: retried").isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            api().post("/api/orders", customer, order(kettle, 1, VISA));
        }
        int whileOpen = services.lookups.get();
        HttpResponse<String> open = api().post("/api/orders", customer, order(kettle, 1, VISA));
        assertThat(open.statusCode()).isEqualTo(503);
        assertThat(services.lookups.get()).as("the open breaker answers without calling").isEqualTo(whileOpen);
        assertThat(jdbc.sql("select count(*) from orders where user_id = ?").param(user).query(Long.class).single()).isZero();
        services.failing = false;
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> api().post("/api/orders", customer, order(kettle, 1, VISA)).statusCode() == 202);
    }

    @Test
    void aStalledCatalogIsAnsweredAtItsDeadlineWith503AndNothingIsStored() throws Exception {
        services.stalling = true;
        int before = services.lookups.get();
        long start = System.nanoTime();
        HttpResponse<String> stalled = api().post("/api/orders", customer, order(kettle, 1, VISA));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        services.stalling = false;
        assertThat(stalled.statusCode()).isEqualTo(503);
        assertThat(stalled.headers().firstValue("Retry-After")).isPresent();
        assertThat(services.lookups.get() - before).as("each attempt ended at its deadline, then retried").isEqualTo(3);
        assertThat(took).as("3 attempts of 0.5 s and the backoff between them").isBetween(Duration.ofMillis(1500),
                Duration.ofSeconds(4));
        assertThat(jdbc.sql("select count(*) from orders where user_id = ?").param(user).query(Long.class).single()).isZero();
        await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> api().post("/api/orders", customer, order(kettle, 1, VISA)).statusCode() == 202);
    }

    @Test
    void aCardThePaymentServiceRefusesIs400AndNothingIsStored() throws Exception {
        int before = services.tokenizations.get();
        HttpResponse<String> refused = api().post("/api/orders", customer, order(kettle, 1, REFUSED_CARD));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(JsonPath.<String>read(refused.body(), "$.detail")).isEqualTo("The card number is not valid.");
        assertThat(services.tokenizations.get() - before).as("a refusal is not asked again").isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from orders where user_id = ?").param(user).query(Long.class).single()).isZero();
    }

    @Test
    void theCallsCarryOrderServicesOwnTokenTheCustomersTokenAndTheTraceContext() throws Exception {
        place(order(kettle, 1, VISA));
        int issued = services.issued.size();
        place(order(kettle, 1, VISA));
        io.grpc.Metadata headers = services.lastHeaders.get();
        assertThat(headers.get(FakeServices.AUTHORIZATION)).as("a service token the token endpoint issued")
                .startsWith("Bearer ").satisfies(value -> assertThat(services.issued).contains(value.substring(7)));
        assertThat(services.issued).as("held, not asked for per call").hasSize(issued);
        assertThat(headers.get(FakeServices.CUSTOMER_TOKEN)).isEqualTo(customer);
        assertThat(headers.get(FakeServices.TRACEPARENT)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    @Test
    void theCardNumberIsNeitherStoredNorPublished() throws Exception {
        String id = place(order(kettle, 1, VISA));
        awaitStatus(id, "CONFIRMED");
        for (String table : List.of("orders", "order_line", "order_status_change", "checkout_saga", "event_publication",
                "processed_message")) {
            String everything = String.join("|", jdbc.sql("select * from " + table).query((rs, n) -> {
                StringBuilder row = new StringBuilder();
                for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                    row.append(rs.getString(c)).append(',');
                }
                return row.toString();
            }).list());
            assertThat(everything).as(table).doesNotContain(VISA);
        }
        assertThat(allMessages()).isNotEmpty().noneMatch(m -> m.contains(VISA));
    }

    @Test
    void customersSeeTheirOwnOrdersAndAdminsSeeAll() throws Exception {
        String id = place(order(kettle, 1, VISA));
        awaitStatus(id, "CONFIRMED");
        assertThat(api().get("/api/orders/" + id, tokens.customer("stranger")).statusCode()).isEqualTo(404);
        assertThat(api().get("/api/orders/" + id, tokens.admin("boss")).statusCode()).isEqualTo(200);
        HttpResponse<String> mine = api().get("/api/orders?status=CONFIRMED&size=5", customer);
        assertThat(JsonPath.<List<String>>read(mine.body(), "$.content[*].id")).containsExactly(id);
        assertThat(JsonPath.<List<String>>read(api().get("/api/orders?status=REJECTED", customer).body(), "$.content")).isEmpty();
        assertThat(api().get("/api/orders?status=LOST", customer).statusCode()).isEqualTo(400);
        assertThat(api().get("/api/orders?size=1000", customer).statusCode()).isEqualTo(400);
        HttpResponse<String> all = api().get("/api/orders?size=100", tokens.admin("boss"));
        assertThat(JsonPath.<List<String>>read(all.body(), "$.content[*].userId")).contains(user);
        assertThat(api().get("/api/orders/" + UUID.randomUUID(), customer).statusCode()).isEqualTo(404);
    }

    static final String ADDRESS = """
            {"name":"Ada Lovelace","line1":"1 Loop Street","city":"Springfield","postalCode":"12345","country":"US"}""";

    static String items(FakeServices.Product product, int quantity) {
        return "[{\"productId\":\"%s\",\"quantity\":%d}]".formatted(product.id(), quantity);
    }

    static String body(String items, String card, String address) {
        return "{\"items\":%s,\"payment\":{\"cardNumber\":\"%s\"},\"shippingAddress\":%s}".formatted(items, card, address);
    }

    static String order(FakeServices.Product product, int quantity, String card) {
        return body(items(product, quantity), card, ADDRESS);
    }

    String place(String body) throws Exception {
        HttpResponse<String> placed = api().post("/api/orders", customer, body);
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        return JsonPath.read(placed.body(), "$.id");
    }

    String awaitStatus(String id, String status) {
        String[] body = new String[1];
        await("order " + id + " " + status + " (commands seen: " + participants.commands + ", failures: " + participants.failures + ")")
                .atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    body[0] = api().get("/api/orders/" + id, customer).body();
                    return status.equals(JsonPath.read(body[0], "$.status"));
                });
        return body[0];
    }

    List<String> eventTypes(String orderId) {
        List<String> types = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            types.clear();
            for (String message : messages(CheckoutTopics.ORDER_EVENTS)) {
                if (message.contains(orderId)) {
                    types.add(JsonPath.read(message, "$.type"));
                }
            }
            return types.size() >= 2;
        });
        return types;
    }

    List<String> allMessages() {
        List<String> all = new ArrayList<>();
        for (String topic : List.of(CheckoutTopics.ORDER_EVENTS, CheckoutTopics.STOCK_COMMANDS, CheckoutTopics.PAYMENT_COMMANDS,
                CheckoutTopics.CHECKOUT_REPLIES)) {
            all.addAll(messages(topic));
        }
        return all;
    }

    List<String> messages(String topic) {
        try (KafkaTopics topics = new KafkaTopics(broker.getBrokersAsString())) {
            return topics.readAll(topic);
        }
    }

    ApiClient api() {
        return ApiClient.localhost(port);
    }
}

package dev.emporium.analytics.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

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
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The topology with Kafka Streams' test driver: hours, duplicates, late and out-of-order events, refunds, sign-ups,
 * the catalog, and records it cannot read.
 */
class AnalyticsTopologyTest {

    static final Instant T = Instant.parse("2026-11-30T10:15:00Z");
    static final String H10 = "2026-11-30T10:00:00Z";
    static final String H11 = "2026-11-30T11:00:00Z";

    final JsonMapper json = JsonMapper.builder().build();
    final List<String> skipped = new ArrayList<>();
    TopologyTestDriver driver;
    TestInputTopic<String, String> orders;
    TestInputTopic<String, String> payments;
    TestInputTopic<String, String> users;
    TestInputTopic<String, String> products;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        AnalyticsTopology.build(builder, skipped::add);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "analytics-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(builder.build(), config);
        StringSerializer text = new StringSerializer();
        orders = driver.createInputTopic(CheckoutTopics.ORDER_EVENTS, text, text);
        payments = driver.createInputTopic(CheckoutTopics.PAYMENT_EVENTS, text, text);
        users = driver.createInputTopic(UserTopics.USER_EVENTS, text, text);
        products = driver.createInputTopic(ProductTopics.PRODUCT_EVENTS, text, text);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void anOrderCountsInTheHoursItsEventsHappened() {
        String order = checkout(T, T.plusSeconds(2), "24.00", item("p1", "19.00", 1), item("p2", "2.50", 2));
        assertThat(sales(H10 + "|USD")).isEqualTo(new SalesBucket(1, 1, rejected(0, 0, 0), 0, money("24.00"), 3));
        assertThat(product(H10, "p1")).extracting(ProductBucket::units, ProductBucket::revenue)
                .containsExactly(1L, money("19.00"));
        assertThat(product(H10, "p2")).extracting(ProductBucket::units, ProductBucket::revenue)
                .containsExactly(2L, money("5.00"));
        assertThat(order).isNotBlank();
    }

    @Test
    void duplicatesAndRedeliveriesCountOnce() {
        String order = UUID.randomUUID().toString();
        String placed = message(CheckoutMessage.of("/emporium/order-service",
                new OrderEvent.OrderPlaced(order, "u1", money("10.00"), "USD", List.of(item("p1", "10.00", 1))), T));
        String confirmed = message(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderConfirmed(order, "u1", money("10.00"), "USD", List.of(item("p1", "10.00", 1))), T));
        String captured = message(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentCaptured(order, "pay", "u1", money("10.00"), "USD"), T));
        for (int copy = 0; copy < 3; copy++) {
            orders.pipeInput(order, placed);
            orders.pipeInput(order, confirmed);
            payments.pipeInput(order, captured);
        }
        // published again later (a resubmitted outbox entry, a redelivered command): same fact, still one
        payments.pipeInput(order, message(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentCaptured(order, "pay", "u1", money("10.00"), "USD"), T.plusSeconds(3600))));

        assertThat(sales(H10 + "|USD")).isEqualTo(new SalesBucket(1, 1, rejected(0, 0, 0), 0, money("10.00"), 1));
        assertThat(sales(H11 + "|USD")).as("the later copy moved nothing").satisfiesAnyOf(
                b -> assertThat(b).isNull(), b -> assertThat(b).isEqualTo(SalesBucket.empty()));
        assertThat(product(H10, "p1").units()).isEqualTo(1);
    }

    @Test
    void aLateEventLandsInTheHourItHappenedAndOrderDoesNotMatter() {
        checkout(T.plusSeconds(3600), T.plusSeconds(3601), "5.00", item("p1", "5.00", 1));
        // an order of the hour before arrives after it, confirmation before placement
        String late = UUID.randomUUID().toString();
        orders.pipeInput(late, message(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderConfirmed(late, "u2", money("7.00"), "USD", List.of(item("p3", "7.00", 1))), T)));
        orders.pipeInput(late, message(CheckoutMessage.of("/emporium/order-service",
                new OrderEvent.OrderPlaced(late, "u2", money("7.00"), "USD", List.of(item("p3", "7.00", 1))),
                T.minusSeconds(1))));

        assertThat(sales(H10 + "|USD")).extracting(SalesBucket::placed, SalesBucket::confirmed, SalesBucket::units)
                .containsExactly(1L, 1L, 1L);
        assertThat(sales(H11 + "|USD")).extracting(SalesBucket::placed, SalesBucket::confirmed, SalesBucket::revenue)
                .containsExactly(1L, 1L, money("5.00"));
        assertThat(product(H10, "p3").units()).isEqualTo(1);
    }

    @Test
    void aRefundLowersRevenueInTheHourOfTheRefund() {
        String order = checkout(T, T, "30.00", item("p1", "30.00", 1));
        Instant later = T.plusSeconds(3600);
        payments.pipeInput(order, message(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentRefunded(order, "pay", "u1", money("30.00"), "USD"), later)));
        orders.pipeInput(order, message(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderCancelled(order, "u1", money("30.00"), "USD"), later)));
        payments.pipeInput(order, message(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentRefunded(order, "pay", "u1", money("30.00"), "USD"), later))); // again

        assertThat(sales(H10 + "|USD").revenue()).isEqualByComparingTo("30.00");
        assertThat(sales(H11 + "|USD")).extracting(SalesBucket::revenue, SalesBucket::cancelled)
                .containsExactly(money("-30.00"), 1L);
    }

    @Test
    void rejectionsCountPerReason() {
        for (String reason : List.of("OUT_OF_STOCK", "PAYMENT_DECLINED", "PAYMENT_DECLINED", "TIMEOUT")) {
            String order = UUID.randomUUID().toString();
            orders.pipeInput(order, message(CheckoutMessage.of("/emporium/order-service",
                    new OrderEvent.OrderPlaced(order, "u1", money("1.00"), "USD", List.of(item("p1", "1.00", 1))), T)));
            String rejected = message(CheckoutMessage.once("/emporium/order-service",
                    new OrderEvent.OrderRejected(order, "u1", reason, money("1.00"), "USD"), T));
            orders.pipeInput(order, rejected);
            orders.pipeInput(order, rejected);
        }
        assertThat(sales(H10 + "|USD")).isEqualTo(new SalesBucket(4, 0, rejected(1, 2, 1), 0, money("0.00"), 0));
    }

    @Test
    void signUpsPerDayOnceEach() {
        String user = UUID.randomUUID().toString();
        String event = message(UserEvent.registered(new UserRegistered(user, "Ada", "ada@example.com", null, T)));
        users.pipeInput(user, event);
        users.pipeInput(user, event);
        String other = UUID.randomUUID().toString();
        users.pipeInput(other, message(UserEvent.registered(
                new UserRegistered(other, "Bo", "bo@example.com", null, T.plusSeconds(86_400)))));
        KeyValueStore<String, Long> signups = driver.getKeyValueStore(AnalyticsTopology.SIGNUPS);
        assertThat(signups.get("2026-11-30")).isEqualTo(1);
        assertThat(signups.get("2026-12-01")).isEqualTo(1);
    }

    @Test
    void theCatalogKeepsTheNewestStateOfEachProduct() {
        ProductSnapshot v1 = new ProductSnapshot("p1", "SKU-1", "Kettle", null, "kitchen", money("30.00"), "USD", 0,
                true, T);
        ProductSnapshot v2 = new ProductSnapshot("p1", "SKU-1", "Kettle", null, "kitchen", money("30.00"), "USD", 5,
                true, T.plusSeconds(60));
        products.pipeInput("p1", message(ProductEvent.of(ProductEvent.STOCK_CHANGED, v2)));
        products.pipeInput("p1", message(ProductEvent.of(ProductEvent.STOCK_CHANGED, v1))); // older, arrives late
        KeyValueStore<String, CatalogEntry> catalog = driver.getKeyValueStore(AnalyticsTopology.CATALOG);
        assertThat(catalog.get("p1").available()).isEqualTo(5);
        assertThat(catalog.get("p1").outOfStock()).isFalse();
    }

    @Test
    void whatCannotBeReadIsSkippedAndTheStreamGoesOn() {
        orders.pipeInput("x", "not json");
        orders.pipeInput("x", "{\"type\":\"dev.emporium.Unknown.v1\",\"id\":\"1\",\"data\":{}}");
        users.pipeInput("y", "{\"type\":\"" + UserRegistered.TYPE + "\"}");
        products.pipeInput("z", "[]");
        // readable, but missing what the contract promises: skipped, not a stopped stream
        payments.pipeInput("x", message(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentCaptured("x", "pay", "u1", null, "USD"), T)));
        orders.pipeInput("y", message(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderConfirmed("y", "u1", money("1.00"), "USD",
                        java.util.Arrays.asList((OrderEvent.Item) null)), T)));
        checkout(T, T, "2.00", item("p1", "2.00", 1));
        assertThat(skipped).containsExactly("unreadable", "unreadable", "unreadable", "unreadable", "incomplete",
                "incomplete");
        assertThat(sales(H10 + "|USD").confirmed()).isEqualTo(1);
    }

    private String checkout(Instant placedAt, Instant confirmedAt, String total, OrderEvent.Item... items) {
        String order = UUID.randomUUID().toString();
        List<OrderEvent.Item> lines = List.of(items);
        orders.pipeInput(order, message(CheckoutMessage.of("/emporium/order-service",
                new OrderEvent.OrderPlaced(order, "u1", money(total), "USD", lines), placedAt)));
        payments.pipeInput(order, message(CheckoutMessage.once("/emporium/payment-service",
                new PaymentEvent.PaymentCaptured(order, "pay-" + order, "u1", money(total), "USD"), confirmedAt)));
        orders.pipeInput(order, message(CheckoutMessage.once("/emporium/order-service",
                new OrderEvent.OrderConfirmed(order, "u1", money(total), "USD", lines), confirmedAt)));
        return order;
    }

    private SalesBucket sales(String key) {
        return driver.<String, SalesBucket>getKeyValueStore(AnalyticsTopology.SALES).get(key);
    }

    private ProductBucket product(String hour, String product) {
        return driver.<String, ProductBucket>getKeyValueStore(AnalyticsTopology.PRODUCTS)
                .get(hour + "|" + productId(product));
    }

    static UUID productId(String product) {
        return UUID.nameUUIDFromBytes(product.getBytes());
    }

    private String message(Object event) {
        return json.writeValueAsString(event);
    }

    static java.util.Map<String, Long> rejected(long outOfStock, long declined, long timeout) {
        return new java.util.TreeMap<>(java.util.Map.of("OUT_OF_STOCK", outOfStock, "PAYMENT_DECLINED", declined,
                "TIMEOUT", timeout));
    }

    static OrderEvent.Item item(String product, String price, int quantity) {
        return new OrderEvent.Item(productId(product), "SKU-" + product, "Product " + product,
                money(price), quantity);
    }

    static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}

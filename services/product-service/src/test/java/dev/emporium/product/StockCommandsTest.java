package dev.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.jayway.jsonpath.JsonPath;
import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.StockCommand;
import dev.emporium.contracts.checkout.StockCommand.CommitStock;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.product.catalog.CatalogManagement;
import dev.emporium.product.catalog.Product;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.testsupport.KafkaTopics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.json.JsonMapper;

/**
 * product-service as a saga participant, through the broker: each stock command is applied once and answered
 * once, even when delivered twice; stock is conserved along every path. H2 here, PostgreSQL in
 * {@link StockCommandsPostgresTest}.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=false"})
@EmbeddedKafka(partitions = 1)
class StockCommandsTest {

    @Autowired
    Inventory inventory;

    @Autowired
    CatalogManagement catalog;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final JsonMapper json = JsonMapper.builder().build();
    KafkaTopics topics;

    @BeforeEach
    void connect() {
        topics = new KafkaTopics(broker.getBrokersAsString());
    }

    @AfterEach
    void disconnect() {
        topics.close();
    }

    @Test
    void reserveCommitAndReturnEachTwiceHaveOneEffectAndOneReplyEach() {
        UUID kettle = newProduct(10);
        String order = "o-" + UUID.randomUUID();
        sendTwice(new ReserveStock(order, List.of(new StockCommand.Line(kettle, 3))));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.StockReserved.v1"));
        assertThat(inventory.levels(kettle)).contains(new Inventory.Levels(7, 3, 0));
        sendTwice(new CommitStock(order));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.StockCommitted.v1"));
        assertThat(inventory.levels(kettle)).contains(new Inventory.Levels(7, 0, 3));
        sendTwice(new ReturnStock(order));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.StockReturned.v1"));
        assertThat(inventory.levels(kettle)).contains(new Inventory.Levels(10, 0, 0));
        assertThat(replies(order)).containsExactly("dev.emporium.StockReserved.v1", "dev.emporium.StockCommitted.v1",
                "dev.emporium.StockReturned.v1");
    }

    @Test
    void aShortageReservesNothingAndAReleaseGivesTheUnitsBack() {
        UUID kettle = newProduct(2);
        UUID mug = newProduct(5);
        String tooMany = "o-" + UUID.randomUUID();
        send(new ReserveStock(tooMany, List.of(new StockCommand.Line(mug, 1), new StockCommand.Line(kettle, 3))));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(tooMany).contains("dev.emporium.StockUnavailable.v1"));
        assertThat(inventory.levels(mug)).contains(new Inventory.Levels(5, 0, 0));
        String fits = "o-" + UUID.randomUUID();
        send(new ReserveStock(fits, List.of(new StockCommand.Line(kettle, 2))));
        send(new ReleaseStock(fits));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(fits).contains("dev.emporium.StockReleased.v1"));
        assertThat(inventory.levels(kettle)).contains(new Inventory.Levels(2, 0, 0));
    }

    @Test
    void aReserveArrivingAfterItsReleaseHoldsNothing() {
        UUID kettle = newProduct(4);
        String order = "o-" + UUID.randomUUID();
        send(new ReleaseStock(order));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.StockReleased.v1"));
        send(new ReserveStock(order, List.of(new StockCommand.Line(kettle, 1))));
        await().atMost(Duration.ofSeconds(15)).until(() -> replies(order).contains("dev.emporium.StockUnavailable.v1"));
        assertThat(inventory.levels(kettle)).contains(new Inventory.Levels(4, 0, 0));
    }

    @Test
    void aPoisonMessageIsDeadLetteredAndTheNextOneStillProcessed() {
        UUID kettle = newProduct(1);
        topics.send(CheckoutTopics.STOCK_COMMANDS, "bad", "{\"id\":\"x\",\"type\":\"dev.emporium.Nonsense.v1\",\"data\":{}}");
        String order = "o-" + UUID.randomUUID();
        send(new ReserveStock(order, List.of(new StockCommand.Line(kettle, 1))));
        await().atMost(Duration.ofSeconds(20)).until(() -> replies(order).contains("dev.emporium.StockReserved.v1"));
        assertThat(topics.readAll(CheckoutTopics.STOCK_COMMANDS + ".DLT")).anyMatch(m -> m.contains("Nonsense"));
        assertThat(meters.get("emporium.kafka.dead.letters").tag("topic", CheckoutTopics.STOCK_COMMANDS).counter().count())
                .isGreaterThanOrEqualTo(1);
    }

    private List<String> replies(String order) {
        return topics.readAll(CheckoutTopics.CHECKOUT_REPLIES).stream().filter(m -> m.contains(order))
                .map(m -> JsonPath.<String>read(m, "$.type")).toList();
    }

    private void send(CheckoutPayload command) {
        CheckoutMessage<?> message = CheckoutMessage.of("/test", command, Instant.now());
        topics.send(CheckoutTopics.STOCK_COMMANDS, message.key(), json.writeValueAsString(message));
    }

    /** The same message (same id) twice, as a redelivering broker would. */
    private void sendTwice(CheckoutPayload command) {
        CheckoutMessage<?> message = CheckoutMessage.of("/test", command, Instant.now());
        String text = json.writeValueAsString(message);
        topics.send(CheckoutTopics.STOCK_COMMANDS, message.key(), text);
        topics.send(CheckoutTopics.STOCK_COMMANDS, message.key(), text);
    }

    private UUID newProduct(int stock) {
        String sku = "SAGA-" + UUID.randomUUID().toString().substring(0, 10);
        return catalog.create(new Product.Details(sku, "Saga test " + sku, "", "Test", new BigDecimal("9.99")), stock).id();
    }
}

package dev.emporium.product.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply;
import dev.emporium.contracts.checkout.CheckoutReply.StockCommitted;
import dev.emporium.contracts.checkout.CheckoutReply.StockReleased;
import dev.emporium.contracts.checkout.CheckoutReply.StockReserved;
import dev.emporium.contracts.checkout.CheckoutReply.StockReturned;
import dev.emporium.contracts.checkout.CheckoutReply.StockUnavailable;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.StockCommand;
import dev.emporium.contracts.checkout.StockCommand.CommitStock;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.platform.defaults.messaging.InvalidMessageException;
import dev.emporium.product.catalog.CatalogManagement;
import dev.emporium.product.catalog.Product;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.product.inventory.Inventory.Levels;
import dev.emporium.product.inventory.ReservationStatus;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stock participant tolerates any order and any number of copies of the messages a saga can have in flight at
 * once (issue 14, finding 7). For many seeds, each scenario's commands are copied (the same message redelivered, or
 * re-sent by the saga under a new id), shuffled and fed to the handler as a consumer would; a command that throws
 * {@link NotYetApplicable} goes back into the queue behind at least one other, as the broker's retry would deliver
 * it later. Any other exception fails the test (it would be dead-lettered). After each run the reservation's state,
 * the replies and the counts are checked, and available + reserved + sold is conserved. H2 here, PostgreSQL in
 * {@link StockCommandOrderPostgresTest}.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=false"})
@EmbeddedKafka(partitions = 1)
@RecordApplicationEvents
class StockCommandOrderTest {

    static final int STOCK = 10;
    static final int QUANTITY = 3;

    @Autowired
    StockCommandHandler handler;

    @Autowired
    Inventory inventory;

    @Autowired
    CatalogManagement catalog;

    @Autowired
    ApplicationEvents events;

    final JsonMapper json = JsonMapper.builder().build();
    final AtomicLong offsets = new AtomicLong();

    /** Random orders tried per scenario. */
    int seeds() {
        return 200;
    }

    @Test
    void reserveAndReleaseInAnyOrderEndReleasedWithNothingHeld() {
        for (int seed = 0; seed < seeds(); seed++) {
            Random random = new Random(seed);
            UUID product = newProduct();
            String order = "shuffle-" + UUID.randomUUID();
            deliverShuffled(seed, random, copies(random, new ReserveStock(order, line(product)), new ReleaseStock(order)));

            assertThat(status(order)).as("seed %d", seed).isEqualTo(ReservationStatus.RELEASED);
            assertThat(inventory.levels(product)).as("seed %d", seed).contains(new Levels(STOCK, 0, 0));
            assertThat(replies(order)).as("seed %d", seed).allSatisfy(reply -> assertThat(reply)
                    .isInstanceOfAny(StockReserved.class, StockUnavailable.class, StockReleased.class))
                    .hasAtLeastOneElementOfType(StockReleased.class);
        }
    }

    @Test
    void reservesAndCommitsInAnyOrderSellTheUnitsOnce() {
        for (int seed = 0; seed < seeds(); seed++) {
            Random random = new Random(seed);
            UUID product = newProduct();
            String order = "shuffle-" + UUID.randomUUID();
            ReserveStock reserve = new ReserveStock(order, line(product));
            deliverShuffled(seed, random, copies(random, reserve, reserve, reserve, new CommitStock(order), new CommitStock(order)));

            assertThat(status(order)).as("seed %d", seed).isEqualTo(ReservationStatus.COMMITTED);
            assertThat(inventory.levels(product)).as("seed %d", seed).contains(new Levels(STOCK - QUANTITY, 0, QUANTITY));
            assertThat(replies(order)).as("seed %d", seed)
                    .allSatisfy(reply -> assertThat(reply).isInstanceOfAny(StockReserved.class, StockCommitted.class))
                    .hasAtLeastOneElementOfType(StockCommitted.class);
        }
    }

    @Test
    void aCancelledOrdersStockComesBackOnceWhateverTheOrder() {
        for (int seed = 0; seed < seeds(); seed++) {
            Random random = new Random(seed);
            UUID product = newProduct();
            String order = "shuffle-" + UUID.randomUUID();
            deliverShuffled(seed, random, copies(random, new ReserveStock(order, line(product)), new CommitStock(order),
                    new CommitStock(order), new ReturnStock(order), new ReturnStock(order)));

            assertThat(status(order)).as("seed %d", seed).isEqualTo(ReservationStatus.RETURNED);
            assertThat(inventory.levels(product)).as("seed %d", seed).contains(new Levels(STOCK, 0, 0));
            assertThat(replies(order)).as("seed %d", seed).hasAtLeastOneElementOfType(StockReturned.class)
                    .allSatisfy(reply -> assertThat(reply).isInstanceOfAny(StockReserved.class, StockCommitted.class,
                            StockReturned.class, StockUnavailable.class))
                    .filteredOn(StockUnavailable.class::isInstance)
                    .as("a ReserveStock re-sent after the return is refused, not reserved again")
                    .allSatisfy(reply -> assertThat(((StockUnavailable) reply).reason()).isEqualTo("ALREADY_RETURNED"));
        }
    }

    /** Should not happen (ReleaseStock only precedes the pivot), but must not corrupt the counts: the sale stands. */
    @Test
    void aReleaseAfterTheCommitIsAcknowledgedAndTheSaleStands() {
        for (int seed = 0; seed < seeds(); seed++) {
            Random random = new Random(seed);
            UUID product = newProduct();
            String order = "shuffle-" + UUID.randomUUID();
            ReserveStock reserve = new ReserveStock(order, line(product));
            deliverShuffled(seed, random, copies(random, reserve, new CommitStock(order)));
            deliverShuffled(seed, random, copies(random, new ReleaseStock(order), new ReleaseStock(order), reserve,
                    new CommitStock(order)));

            assertThat(status(order)).as("seed %d", seed).isEqualTo(ReservationStatus.COMMITTED);
            assertThat(inventory.levels(product)).as("seed %d", seed).contains(new Levels(STOCK - QUANTITY, 0, QUANTITY));
            assertThat(replies(order)).as("seed %d", seed).hasAtLeastOneElementOfType(StockReleased.class)
                    .allSatisfy(reply -> assertThat(reply).isInstanceOfAny(StockReserved.class, StockCommitted.class,
                            StockReleased.class));
        }
    }

    @Test
    void aCommitOrReturnBeforeItsPredecessorIsRetriedLaterAndThenApplies() {
        UUID product = newProduct();
        String order = "early-" + UUID.randomUUID();
        ConsumerRecord<String, String> commit = record(message(new CommitStock(order)));
        ConsumerRecord<String, String> giveBack = record(message(new ReturnStock(order)));

        assertThatThrownBy(() -> handler.apply(commit)).isInstanceOf(NotYetApplicable.class);
        assertThatThrownBy(() -> handler.apply(giveBack)).isInstanceOf(NotYetApplicable.class);
        handler.apply(record(message(new ReserveStock(order, line(product)))));
        assertThatThrownBy(() -> handler.apply(giveBack)).as("reserved, not yet committed").isInstanceOf(NotYetApplicable.class);

        handler.apply(commit);
        handler.apply(giveBack);
        assertThat(replies(order)).as("the failed attempts left no trace in the inbox")
                .extracting(reply -> reply.getClass().getSimpleName())
                .containsExactly("StockReserved", "StockCommitted", "StockReturned");
        assertThat(inventory.levels(product)).contains(new Levels(STOCK, 0, 0));
    }

    @Test
    void invalidReservationsAreAnsweredStockUnavailable() {
        UUID product = newProduct();
        UUID unknown = UUID.randomUUID();
        for (StockCommand.Line bad : List.of(new StockCommand.Line(product, -2), new StockCommand.Line(product, 0),
                new StockCommand.Line(null, 1))) {
            String order = "invalid-" + UUID.randomUUID();
            handler.apply(record(message(new ReserveStock(order, List.of(new StockCommand.Line(product, 5), bad)))));
            assertThat(replies(order)).containsExactly(new StockUnavailable(order, Inventory.INVALID_LINES));
        }
        String noLines = "invalid-" + UUID.randomUUID();
        handler.apply(record(message(new ReserveStock(noLines, null))));
        assertThat(replies(noLines)).containsExactly(new StockUnavailable(noLines, Inventory.INVALID_LINES));
        String unknownProduct = "invalid-" + UUID.randomUUID();
        handler.apply(record(message(new ReserveStock(unknownProduct, List.of(new StockCommand.Line(unknown, 1))))));
        assertThat(replies(unknownProduct)).containsExactly(new StockUnavailable(unknownProduct, "OUT_OF_STOCK:" + unknown));
        assertThat(inventory.levels(product)).contains(new Levels(STOCK, 0, 0));

        assertThatThrownBy(() -> handler.apply(record(message(new CommitStock(unknownProduct)))))
                .as("a commit of a reservation that holds nothing can never apply: poison")
                .isInstanceOf(InvalidMessageException.class);
        assertThatThrownBy(() -> handler.apply(record(message(new CommitStock(" ")))))
                .isInstanceOf(CheckoutMessage.UnreadableMessage.class);
    }

    // --- the shuffling consumer -------------------------------------------------------------------------

    /**
     * Each command 1 to 3 times: the first copy, then copies that are either the same message again (a redelivery,
     * same id) or the saga re-sending it (a new message, new id).
     */
    private List<ConsumerRecord<String, String>> copies(Random random, CheckoutPayload... commands) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (CheckoutPayload command : commands) {
            CheckoutMessage<?> first = message(command);
            records.add(record(first));
            for (int extra = random.nextInt(3); extra > 0; extra--) {
                records.add(record(random.nextBoolean() ? first : message(command)));
            }
        }
        return records;
    }

    private void deliverShuffled(int seed, Random random, List<ConsumerRecord<String, String>> records) {
        List<ConsumerRecord<String, String>> queue = new ArrayList<>(records);
        Collections.shuffle(queue, random);
        int deliveries = 0;
        while (!queue.isEmpty()) {
            ConsumerRecord<String, String> next = queue.removeFirst();
            try {
                handler.apply(next);
            } catch (NotYetApplicable later) {
                if (queue.isEmpty()) {
                    fail("seed %d: %s can never apply, nothing left that could come first", seed, next.value());
                }
                queue.add(1 + random.nextInt(queue.size()), next);
            } catch (RuntimeException e) {
                fail("seed %d: %s would be dead-lettered: %s", seed, next.value(), e);
            }
            if (++deliveries > 50 * records.size()) {
                fail("seed %d: no progress after %d deliveries", seed, deliveries);
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private CheckoutMessage<?> message(CheckoutPayload command) {
        return CheckoutMessage.of("/test/order-service", command, Instant.now());
    }

    private ConsumerRecord<String, String> record(CheckoutMessage<?> message) {
        return new ConsumerRecord<>(CheckoutTopics.STOCK_COMMANDS, 0, offsets.getAndIncrement(), message.key(),
                json.writeValueAsString(message));
    }

    private List<CheckoutReply> replies(String order) {
        return events.stream(CheckoutMessage.Outbound.class).map(outbound -> outbound.message().data())
                .filter(data -> data instanceof CheckoutReply && order.equals(data.orderId()))
                .map(CheckoutReply.class::cast).toList();
    }

    private ReservationStatus status(String order) {
        return inventory.find(order).orElseThrow().status();
    }

    private static List<StockCommand.Line> line(UUID product) {
        return List.of(new StockCommand.Line(product, QUANTITY));
    }

    private UUID newProduct() {
        String sku = "ORD-" + UUID.randomUUID().toString().substring(0, 10);
        return catalog.create(new Product.Details(sku, "Order test " + sku, "", "Test", new BigDecimal("9.99")), STOCK).id();
    }
}

package dev.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.emporium.product.catalog.CatalogManagement;
import dev.emporium.product.catalog.Product;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.product.inventory.Reservation;
import dev.emporium.product.inventory.ReservationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The inventory guarantees, with real parallel transactions: never oversold, never negative, every
 * command idempotent, stock conserved. H2 here, PostgreSQL in {@link InventoryPostgresTest}.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.datasource.hikari.maximum-pool-size=20",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=false"})
@EmbeddedKafka(partitions = 1)
class InventoryTest {

    @Autowired
    Inventory inventory;

    @Autowired
    CatalogManagement catalog;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    List<ScheduledTaskHolder> scheduler;

    @Autowired
    MeterRegistry meters;

    @Test
    void fiftyParallelBuyersOfTwentyUnitsGetExactlyTwentyReservations() throws Exception {
        UUID product = newProduct(20);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Reservation>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String orderId = "order-" + UUID.randomUUID();
            Callable<Reservation> buyer = () -> {
                start.await();
                return inventory.reserve(orderId, Map.of(product, 1));
            };
            results.add(pool.submit(buyer));
        }
        start.countDown();
        int reserved = 0;
        int rejected = 0;
        for (Future<Reservation> result : results) {
            ReservationStatus status = result.get().status();
            reserved += status == ReservationStatus.RESERVED ? 1 : 0;
            rejected += status == ReservationStatus.REJECTED ? 1 : 0;
        }
        pool.shutdown();
        assertThat(reserved).isEqualTo(20);
        assertThat(rejected).isEqualTo(30);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(0, 20, 0));
    }

    @Test
    void replayingEveryCommandChangesNothing() {
        UUID product = newProduct(10);
        String order = "order-" + UUID.randomUUID();

        assertThat(inventory.reserve(order, Map.of(product, 3)).status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(inventory.reserve(order, Map.of(product, 3)).status()).isEqualTo(ReservationStatus.RESERVED);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(7, 3, 0));

        assertThat(inventory.commit(order).status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(inventory.commit(order).status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(inventory.release(order).status()).as("a sold reservation is not released").isEqualTo(ReservationStatus.COMMITTED);
        assertThat(inventory.reserve(order, Map.of(product, 3)).status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(7, 0, 3));

        assertThat(inventory.returnStock(order).status()).isEqualTo(ReservationStatus.RETURNED);
        assertThat(inventory.returnStock(order).status()).isEqualTo(ReservationStatus.RETURNED);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(10, 0, 0));
    }

    @Test
    void releasingGivesUnitsBackOnce() {
        UUID product = newProduct(5);
        String order = "order-" + UUID.randomUUID();
        inventory.reserve(order, Map.of(product, 5));
        assertThat(inventory.release(order).status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(inventory.release(order).status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(inventory.commit(order).status()).as("released is final").isEqualTo(ReservationStatus.RELEASED);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(5, 0, 0));
    }

    @Test
    void aShortLineRejectsTheWholeOrderAndHoldsNothing() {
        UUID plenty = newProduct(10);
        UUID scarce = newProduct(1);
        String order = "order-" + UUID.randomUUID();
        Reservation result = inventory.reserve(order, Map.of(plenty, 2, scarce, 2));
        assertThat(result.status()).isEqualTo(ReservationStatus.REJECTED);
        assertThat(result.reason()).isEqualTo("OUT_OF_STOCK:" + scarce);
        assertThat(inventory.levels(plenty)).contains(new Inventory.Levels(10, 0, 0));
        assertThat(inventory.levels(scarce)).contains(new Inventory.Levels(1, 0, 0));
        assertThat(inventory.reserve(order, Map.of(plenty, 1)).status()).as("the answer is remembered").isEqualTo(ReservationStatus.REJECTED);
    }

    @Test
    void deletedProductsCannotBeReserved() {
        UUID product = newProduct(10);
        catalog.delete(product);
        assertThat(inventory.reserve("order-" + UUID.randomUUID(), Map.of(product, 1)).status()).isEqualTo(ReservationStatus.REJECTED);
    }

    @Test
    void reservationsHeldTooLongAreReportedNotReleased() {
        UUID product = newProduct(4);
        String order = "order-" + UUID.randomUUID();
        inventory.reserve(order, Map.of(product, 4));
        jdbc.sql("update stock_reservation set created_at = created_at - interval '1' hour, expires_at = expires_at - interval '1' hour"
                + " where order_id = ?").param(order).update();
        ScheduledJobs.runAll(scheduler);
        assertThat(meters.get("emporium.stock.reservations.stale").gauge().value()).isGreaterThanOrEqualTo(1);
        assertThat(inventory.staleReservations(Instant.now().minus(Duration.ofMinutes(15)), 1000).oldest())
                .extracting(Inventory.StaleReservation::orderId).contains(order);
        assertThat(inventory.find(order)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.RESERVED));
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(0, 4, 0));
        assertThat(inventory.commit(order).status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(0, 0, 4));
    }

    @Test
    void invalidLinesAreRefusedAndRemembered() {
        UUID product = newProduct(4);
        String order = "order-" + UUID.randomUUID();
        Reservation refused = inventory.reserve(order, Map.of(product, -1));
        assertThat(refused.status()).isEqualTo(ReservationStatus.REJECTED);
        assertThat(refused.reason()).isEqualTo(Inventory.INVALID_LINES);
        assertThat(inventory.reserve(order, Map.of(product, 1)).status()).isEqualTo(ReservationStatus.REJECTED);
        assertThat(inventory.reserve("order-" + UUID.randomUUID(), Map.of()).reason()).isEqualTo(Inventory.INVALID_LINES);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(4, 0, 0));
    }

    /** A ReleaseStock and its ReserveStock processed at the same moment (a rebalance): nothing stays held. */
    @Test
    void aReleaseRacingItsReserveLeavesNothingHeld() throws Exception {
        UUID product = newProduct(100);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<String> orders = new ArrayList<>();
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String order = "race-" + i + "-" + UUID.randomUUID();
            orders.add(order);
            CountDownLatch both = new CountDownLatch(1);
            work.add(pool.submit(() -> {
                both.await();
                return inventory.reserve(order, Map.of(product, 2));
            }));
            work.add(pool.submit(() -> {
                both.await();
                return inventory.release(order);
            }));
            both.countDown();
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        assertThat(orders).allSatisfy(order -> assertThat(inventory.find(order))
                .hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.RELEASED)));
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(100, 0, 0));
    }

    @Test
    void conservesStockThroughAMixOfEverything() throws Exception {
        UUID product = newProduct(30);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int n = i;
            work.add(pool.submit(() -> {
                String order = "mix-" + n + "-" + UUID.randomUUID();
                if (inventory.reserve(order, Map.of(product, 1 + n % 3)).status() == ReservationStatus.RESERVED) {
                    switch (n % 3) {
                        case 0 -> inventory.commit(order);
                        case 1 -> inventory.release(order);
                        default -> {
                            inventory.commit(order);
                            inventory.returnStock(order);
                        }
                    }
                }
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        Inventory.Levels levels = inventory.levels(product).orElseThrow();
        assertThat(levels.available() + levels.reserved() + levels.sold()).isEqualTo(30);
        assertThat(levels.reserved()).isZero();
        assertThat(levels.available()).isNotNegative();
    }

    private UUID newProduct(int stock) {
        String sku = "INV-" + UUID.randomUUID().toString().substring(0, 10);
        return catalog.create(new Product.Details(sku, "Inventory test " + sku, "", "Test", new BigDecimal("9.99")), stock).id();
    }
}

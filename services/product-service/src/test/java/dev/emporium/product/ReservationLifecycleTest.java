package dev.emporium.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.emporium.product.catalog.CatalogManagement;
import dev.emporium.product.catalog.Product;
import dev.emporium.product.inventory.Inventory;
import dev.emporium.product.inventory.ReservationStatus;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.scheduling.config.ScheduledTaskHolder;

/**
 * The saga owns a reservation's life (finding 3 of issue 14): however long a reservation waits for its CommitStock
 * — a slow authorization, a restart, a broker outage — product-service never releases it on its own clock, so the
 * commit still sells the units it held and nobody else can buy them meanwhile. A hold no saga ends is reported
 * (gauge {@code emporium_stock_reservations_stale} and a warning), not released.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "emporium.catalog.demo-data=false"})
@EmbeddedKafka(partitions = 1)
@Import(ReservationLifecycleTest.Clocks.class)
@ExtendWith(OutputCaptureExtension.class)
class ReservationLifecycleTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {

        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock();
        }
    }

    @Autowired
    Inventory inventory;

    @Autowired
    CatalogManagement catalog;

    @Autowired
    MutableClock clock;

    @Autowired
    List<ScheduledTaskHolder> scheduler;

    @Autowired
    MeterRegistry meters;

    @Test
    void aCommitLongAfterTheOldFifteenMinuteHoldStillSellsTheHeldUnits() {
        UUID product = newProduct(10);
        String order = "order-" + UUID.randomUUID();
        assertThat(inventory.reserve(order, Map.of(product, 3)).status()).isEqualTo(ReservationStatus.RESERVED);

        clock.advance(Duration.ofHours(2));
        ScheduledJobs.runAll(scheduler);

        assertThat(inventory.find(order)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.RESERVED));
        assertThat(inventory.levels(product)).as("nothing given back by a clock").contains(new Inventory.Levels(7, 3, 0));
        assertThat(inventory.commit(order).status()).isEqualTo(ReservationStatus.COMMITTED);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(7, 0, 3));
    }

    @Test
    void aReservationHeldLongerThanStaleAfterIsReportedUntilItsSagaEndsIt(CapturedOutput output) {
        UUID product = newProduct(5);
        String order = "order-" + UUID.randomUUID();
        inventory.reserve(order, Map.of(product, 2));
        ScheduledJobs.runAll(scheduler);
        double before = staleGauge();

        clock.advance(Duration.ofMinutes(14));
        ScheduledJobs.runAll(scheduler);
        assertThat(staleGauge()).as("not stale before stale-after (PT15M)").isEqualTo(before);

        clock.advance(Duration.ofMinutes(2));
        ScheduledJobs.runAll(scheduler);
        assertThat(staleGauge()).isEqualTo(before + 1);
        assertThat(output.getOut()).contains("RESERVED for longer than PT15M", order);
        assertThat(inventory.find(order)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(ReservationStatus.RESERVED));
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(3, 2, 0));

        inventory.release(order);
        ScheduledJobs.runAll(scheduler);
        assertThat(staleGauge()).as("the saga ended it").isEqualTo(before);
        assertThat(inventory.levels(product)).contains(new Inventory.Levels(5, 0, 0));
    }

    private double staleGauge() {
        return meters.get("emporium.stock.reservations.stale").gauge().value();
    }

    private UUID newProduct(int stock) {
        String sku = "LIFE-" + UUID.randomUUID().toString().substring(0, 10);
        return catalog.create(new Product.Details(sku, "Lifecycle test " + sku, "", "Test", new BigDecimal("9.99")), stock).id();
    }
}

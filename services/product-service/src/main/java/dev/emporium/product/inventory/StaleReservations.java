package dev.emporium.product.inventory;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The safety signal that replaced automatic expiry. Releasing a hold on product-service's own clock sold units twice
 * when a saga was merely slow (issue 14, finding 3); the saga now owns the reservation's life and always ends it.
 * What is left to watch for is a saga that lost its orchestrator: {@code emporium_stock_reservations_stale} counts
 * the reservations RESERVED for longer than {@code emporium.inventory.stale-after}, and each check that finds some
 * logs one warning naming the oldest, so an operator can look at those orders. Nothing is released here.
 * <p>
 * The count is of the whole database, so every instance reports the same figure: aggregate with {@code max}, not
 * {@code sum}.
 */
@Component
class StaleReservations implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(StaleReservations.class);
    /** Order ids named in one warning; the count says how many more there are. */
    static final int LISTED = 20;

    private final Inventory inventory;
    private final InventoryProperties properties;
    private final Clock clock;
    private final AtomicLong stale = new AtomicLong();

    StaleReservations(Inventory inventory, InventoryProperties properties, Clock clock) {
        this.inventory = inventory;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("emporium.stock.reservations.stale", stale, AtomicLong::get)
                .description("Stock reservations RESERVED for longer than emporium.inventory.stale-after")
                .register(registry);
    }

    /** A scheduled query of persisted timestamps (not a timer per reservation), so restarts lose nothing. */
    @Scheduled(fixedDelayString = "${emporium.inventory.stale-check:PT1M}")
    void check() {
        Inventory.Stale found = inventory.staleReservations(clock.instant().minus(properties.staleAfter()), LISTED);
        stale.set(found.count());
        if (found.count() > 0) {
            log.warn("{} stock reservation(s) RESERVED for longer than {}; no saga committed or released them (are their"
                    + " orders stuck?). Oldest: {}{}", found.count(), properties.staleAfter(),
                    found.oldest().stream().map(r -> r.orderId() + " since " + r.reservedAt()).collect(Collectors.joining(", ")),
                    found.count() > found.oldest().size() ? ", …" : "");
        }
    }

    /** The last count, as the gauge shows it. */
    long lastCount() {
        return stale.get();
    }
}

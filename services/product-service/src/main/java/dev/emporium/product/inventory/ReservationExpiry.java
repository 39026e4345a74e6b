package dev.emporium.product.inventory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** A scheduled check of persisted deadlines (not a timer per reservation): expired holds are released. */
@Component
class ReservationExpiry {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);

    private final Inventory inventory;

    ReservationExpiry(Inventory inventory) {
        this.inventory = inventory;
    }

    @Scheduled(fixedDelayString = "${emporium.inventory.expiry-check:PT10S}")
    void releaseExpired() {
        int released = inventory.releaseExpired();
        if (released > 0) {
            log.info("Released {} expired stock reservation(s)", released);
        }
    }
}

package dev.emporium.order.saga;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Timeouts as data: every step stores its deadline, and this check (every {@code emporium.checkout.deadline-check})
 * acts on the ones that passed. Nothing sleeps; a restarted orchestrator finds the same deadlines in its database.
 */
@Component
class SagaDeadlines {

    private static final Logger log = LoggerFactory.getLogger(SagaDeadlines.class);

    private final CheckoutSaga saga;

    SagaDeadlines(CheckoutSaga saga) {
        this.saga = saga;
    }

    @Scheduled(fixedDelayString = "${emporium.checkout.deadline-check}", initialDelayString = "${emporium.checkout.deadline-check}")
    void check() {
        List<UUID> due = saga.due(200);
        for (UUID orderId : due) {
            try {
                saga.expire(orderId);
            } catch (RuntimeException e) {
                log.warn("Deadline of order {} not handled, next check retries: {}", orderId, e.toString());
            }
        }
    }
}

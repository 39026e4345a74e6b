package dev.emporium.order.saga;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * Business metrics of the checkout, counted only when the transaction that made them true commits:
 * {@code emporium_orders_placed_total}, {@code emporium_orders_completed_total{outcome,reason}} and the
 * {@code emporium_checkout_duration_seconds{outcome}} histogram (placed → CONFIRMED or REJECTED). Read at scrape
 * time: {@code emporium_sagas_active} (not done) and {@code emporium_sagas_overdue} (waiting longer than their
 * deadline: a participant that does not answer).
 */
@Component
class CheckoutMetrics {

    private final MeterRegistry meters;
    private final Counter placed;

    CheckoutMetrics(MeterRegistry meters, SagaStates sagas, Clock clock) {
        this.meters = meters;
        this.placed = Counter.builder("emporium.orders.placed").description("Orders accepted (202)").register(meters);
        Gauge.builder("emporium.sagas.active", sagas, SagaStates::countActive)
                .description("Checkout sagas not done yet").register(meters);
        Gauge.builder("emporium.sagas.overdue", sagas, s -> s.countOverdue(clock.instant().minusSeconds(5)))
                .description("Checkout sagas waiting longer than their deadline").register(meters);
    }

    void placed() {
        AfterCommit.run(placed::increment);
    }

    /** An order reached CONFIRMED, REJECTED or CANCELLED. */
    void completed(String outcome, String reason, Instant placedAt, Instant now) {
        AfterCommit.run(() -> {
            Counter.builder("emporium.orders.completed").description("Orders by how their checkout ended")
                    .tag("outcome", outcome).tag("reason", reason == null ? "none" : reason)
                    .register(meters).increment();
            if (!outcome.equals("cancelled")) {
                Timer.builder("emporium.checkout.duration").description("From placed to CONFIRMED or REJECTED")
                        .tag("outcome", outcome).publishPercentileHistogram()
                        .register(meters).record(Duration.between(placedAt, now));
            }
        });
    }
}

package dev.emporium.payment.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Finishes every intent left pending by a crash or a lost answer: every {@code emporium.payments.reconcile-every},
 * each intent older than {@code emporium.payments.reconcile-after} that nobody holds a lease on is re-issued with
 * its idempotency key, and its outcome recorded — a finished refund publishes its PaymentRefunded; a finished
 * capture needs no message, because the saga re-sends CapturePayment until it is answered. Safe with several
 * instances: each intent is leased with a conditional update before its call is re-issued.
 * <p>
 * Metrics: {@code emporium_payments_intents_pending} (gauge) and
 * {@code emporium_payments_reconciled_total{intent,outcome}} (outcome {@code finished}, {@code pending} — still no
 * answer —, {@code refused}).
 */
@Component
class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    private static final int BATCH = 100;

    private final Payments payments;
    private final PaymentManagement management;
    private final Clock clock;
    private final Duration after;
    private final MeterRegistry meters;

    Reconciler(Payments payments, PaymentManagement management, Clock clock,
            @Value("${emporium.payments.reconcile-after:PT10S}") Duration after, MeterRegistry meters) {
        this.payments = payments;
        this.management = management;
        this.clock = clock;
        this.after = after;
        this.meters = meters;
        Gauge.builder("emporium.payments.intents.pending", payments, Payments::countPendingIntents)
                .description("Processor operations recorded whose outcome is not known yet").register(meters);
    }

    @Scheduled(fixedDelayString = "${emporium.payments.reconcile-every:PT5S}",
            initialDelayString = "${emporium.payments.reconcile-every:PT5S}")
    void reconcile() {
        Instant now = clock.instant();
        for (Payment payment : payments.findAbandonedIntents(now.minus(after), now, BATCH)) {
            String outcome;
            try {
                outcome = management.resume(payment) ? "finished" : null;
            } catch (PaymentManagement.PaymentPendingException stillUnknown) {
                outcome = "pending";
            } catch (PaymentManagement.PaymentProblem refused) {
                log.error("Reconciliation: {}", refused.getMessage());
                outcome = "refused";
            } catch (RuntimeException failure) {
                log.warn("Reconciliation of the {} intent of order {} failed: {}", payment.intent(), payment.orderId(),
                        failure.toString());
                outcome = "pending";
            }
            if (outcome != null) {
                meters.counter("emporium.payments.reconciled", "intent", payment.intent().operation(), "outcome", outcome)
                        .increment();
            }
        }
    }
}

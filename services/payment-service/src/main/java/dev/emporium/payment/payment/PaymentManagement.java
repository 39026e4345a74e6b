package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.payment.processor.CardProcessor;
import dev.emporium.payment.processor.CardProcessor.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Payment use cases, each idempotent per order: authorizing twice gives the first answer; a capture is claimed
 * with a conditional update before the processor is called, so however often the command arrives (or however many
 * arrive at once) the card is captured at most once; a refund needs a captured payment.
 * Transient processor errors are retried with backoff (Spring's RetryTemplate), then treated as a decline.
 */
@Service
public class PaymentManagement {

    public static final String SOURCE = "/emporium/payment-service";

    private final Payments payments;
    private final CardProcessor processor;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final ApplicationEventPublisher outbox;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder().maxRetries(3)
            .delay(Duration.ofMillis(50)).multiplier(2).predicate(e -> e instanceof TransientProcessorError).build());

    PaymentManagement(Payments payments, CardProcessor processor, JdbcClient jdbc, Clock clock,
            ApplicationEventPublisher outbox, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.payments = payments;
        this.processor = processor;
        this.jdbc = jdbc;
        this.clock = clock;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    /** {@code emporium_payments_total{operation,outcome}}: what the processor did, per operation. */
    private void count(String operation, String outcome) {
        meters.counter("emporium.payments", "operation", operation, "outcome", outcome).increment();
    }

    /** AuthorizePayment: AUTHORIZED or DECLINED, once per order. */
    public Payment authorize(Payment.Request request) {
        Optional<Payment> existing = payments.findByOrderId(request.orderId());
        if (existing.isPresent()) {
            return existing.get();
        }
        String last4 = jdbc.sql("select last4 from card_token where token = ?").param(request.cardToken())
                .query(String.class).optional().orElse("0000");
        Outcome outcome = withRetries(() -> processor.authorize(request.cardToken(), request.amount(), request.currency(),
                request.orderId()));
        Payment payment = outcome.approved()
                ? Payment.authorized(request, last4, outcome.id(), clock.instant())
                : Payment.declined(request, last4, outcome.transientFailure() ? "processor_unavailable" : outcome.declineReason(),
                        clock.instant());
        try {
            Payment saved = payments.save(payment);
            count("authorize", outcome.approved() ? "approved" : saved.failureReason());
            return saved;
        } catch (DuplicateKeyException concurrentDuplicate) {
            return payments.findByOrderId(request.orderId()).orElseThrow();
        }
    }

    /** CapturePayment: the authorized amount, at most once. */
    public Payment capture(String orderId, BigDecimal amount) {
        Payment payment = payments.findByOrderId(orderId).orElseThrow(() -> new PaymentProblem("No payment for order " + orderId));
        if (payment.amount().compareTo(amount) != 0) {
            throw new PaymentProblem("Capture amount " + amount + " differs from the authorized " + payment.amount());
        }
        if (!claim(orderId, PaymentStatus.AUTHORIZED, PaymentStatus.CAPTURED)) {
            return payments.findByOrderId(orderId).orElseThrow();
        }
        try {
            Outcome outcome = withRetries(() -> processor.capture(payment.authorizationId(), amount));
            if (!outcome.approved()) {
                claim(orderId, PaymentStatus.CAPTURED, PaymentStatus.AUTHORIZED);
                throw new PaymentProblem("The processor refused the capture: " + outcome.declineReason());
            }
            count("capture", "approved");
        } catch (RuntimeException e) {
            claim(orderId, PaymentStatus.CAPTURED, PaymentStatus.AUTHORIZED);
            throw e;
        }
        return payments.findByOrderId(orderId).orElseThrow();
    }

    /** VoidPayment (compensation before capture): the hold is released. */
    public Payment voidPayment(String orderId) {
        Payment payment = payments.findByOrderId(orderId).orElseThrow(() -> new PaymentProblem("No payment for order " + orderId));
        if (claim(orderId, PaymentStatus.AUTHORIZED, PaymentStatus.VOIDED)) {
            withRetries(() -> processor.voidAuthorization(payment.authorizationId()));
            count("void", "approved");
        }
        return payments.findByOrderId(orderId).orElseThrow();
    }

    /**
     * Refund of a captured payment; anything else is refused. The status change and the PaymentRefunded event
     * (payment-events, for order-service to cancel and restock the order, and for notifications) commit together.
     */
    public Payment refund(Payment payment) {
        if (payment.status() == PaymentStatus.REFUNDED) {
            return payment;
        }
        boolean claimed = Boolean.TRUE.equals(tx.execute(status -> {
            if (!claim(payment.orderId(), PaymentStatus.CAPTURED, PaymentStatus.REFUNDED)) {
                return false;
            }
            PaymentRefunded refunded = new PaymentRefunded(payment.orderId(), payment.id().toString(), payment.userId(),
                    payment.amount(), payment.currency());
            outbox.publishEvent(CheckoutMessage.once(SOURCE, refunded, clock.instant()).to(CheckoutTopics.PAYMENT_EVENTS));
            return true;
        }));
        if (!claimed) {
            Payment current = payments.findById(payment.id()).orElseThrow();
            if (current.status() == PaymentStatus.REFUNDED) {
                return current;
            }
            throw new NotCapturedException();
        }
        withRetries(() -> processor.refund(payment.authorizationId(), payment.amount()));
        count("refund", "approved");
        return payments.findById(payment.id()).orElseThrow();
    }

    /** The payment of an order, if it was ever authorized or declined. */
    public Optional<Payment> forOrderId(String orderId) {
        return payments.findByOrderId(orderId);
    }

    public Optional<Payment> find(java.util.UUID id) {
        return payments.findById(id);
    }

    public java.util.List<Payment> forOrder(String orderId) {
        return payments.findByOrderIdOrderByCreatedAt(orderId);
    }

    /** Moves the payment only from the expected status: the database decides who wins a race. */
    private boolean claim(String orderId, PaymentStatus from, PaymentStatus to) {
        return jdbc.sql("update payment set status = ?, updated_at = ?, version = version + 1 where order_id = ? and status = ?")
                .params(to.name(), clock.instant().atOffset(ZoneOffset.UTC), orderId, from.name()).update() == 1;
    }

    private Outcome withRetries(java.util.function.Supplier<Outcome> call) {
        try {
            return retry.execute(() -> {
                Outcome outcome = call.get();
                if (outcome.transientFailure()) {
                    throw new TransientProcessorError();
                }
                return outcome;
            });
        } catch (RetryException exhausted) {
            return Outcome.unavailable();
        }
    }

    private static final class TransientProcessorError extends RuntimeException {
        TransientProcessorError() {
            super("processor_error", null, false, false);
        }
    }

    /** A command that cannot apply to this payment. */
    public static class PaymentProblem extends RuntimeException {
        PaymentProblem(String message) {
            super(message);
        }
    }

    /** 409: only a captured payment can be refunded. */
    public static class NotCapturedException extends org.springframework.web.server.ResponseStatusException {
        NotCapturedException() {
            super(org.springframework.http.HttpStatus.CONFLICT, "Only a captured payment can be refunded.");
        }
    }
}

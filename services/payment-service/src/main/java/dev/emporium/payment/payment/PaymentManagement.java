package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.payment.processor.CardProcessor;
import dev.emporium.payment.processor.CardProcessor.Outcome;
import dev.emporium.payment.processor.PaymentMethods;
import dev.emporium.payment.processor.ProcessorUnavailableException;
import dev.emporium.platform.defaults.messaging.InvalidMessageException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.server.ResponseStatusException;

/**
 * Payment use cases. The processor is remote, so a payment never changes status before the processor's answer is
 * known: each operation is first recorded as an {@link Intent} (committed, with its lease, before the call), the
 * call carries the idempotency key {@code <payment id>:<operation>}, and the answer is recorded after. An unknown
 * answer leaves the intent pending and fails with {@link PaymentPendingException} (transient: the command is
 * redelivered, or the {@link Reconciler} re-issues the call with the same key). A command that can never apply
 * fails with {@link PaymentProblem} (dead-lettered at once).
 * <p>
 * Each use case is idempotent per order: a repeat finds the outcome recorded, or re-issues the same call. A caller may
 * pass a {@link Settlement}: what must commit in the same transaction as the outcome this call records (the saga's
 * inbox entry and reply), so recording an answer and telling the saga cost one commit, not two.
 */
@Service
public class PaymentManagement {

    public static final String SOURCE = "/emporium/payment-service";

    private final Payments payments;
    private final IntentLog intents;
    private final CardProcessor processor;
    private final PaymentMethods methods;
    private final Clock clock;
    private final ApplicationEventPublisher outbox;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    PaymentManagement(Payments payments, IntentLog intents, CardProcessor processor, PaymentMethods methods, Clock clock,
            ApplicationEventPublisher outbox, PlatformTransactionManager transactions, MeterRegistry meters) {
        this.payments = payments;
        this.intents = intents;
        this.processor = processor;
        this.methods = methods;
        this.clock = clock;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    /**
     * AuthorizePayment: AUTHORIZED or DECLINED, once per order. A VOIDED answer means the order was voided first
     * (a tombstone), and nothing was held.
     */
    public Payment authorize(Payment.Request request) {
        return authorize(request, Settlement.NONE);
    }

    /** {@link #authorize(Payment.Request)}, with what commits beside the outcome if this call records it. */
    public Payment authorize(Payment.Request request, Settlement settlement) {
        Optional<Payment> existing = payments.findByOrderId(request.orderId());
        if (existing.isEmpty()) {
            UUID id = UUID.randomUUID();
            Optional<Payment> created = intents.authorizing(id, request, methods.last4(request.cardToken()).orElse("0000"));
            if (created.isPresent()) {
                return callAuthorize(created.get(), false, settlement);
            }
            existing = payments.findByOrderId(request.orderId());
        }
        Payment payment = existing.orElseThrow();
        if (payment.status() != PaymentStatus.AUTHORIZING) {
            return payment;
        }
        if (!intents.lease(payment.id(), Intent.AUTHORIZE)) {
            throw new PaymentPendingException(payment, "its authorization is under way");
        }
        return callAuthorize(payment, true, settlement);
    }

    /**
     * CapturePayment: the authorized amount, at most once. Only one caller at a time holds the CAPTURE intent's
     * lease; the others fail transiently and find CAPTURED when redelivered.
     */
    public Payment capture(String orderId, BigDecimal amount) {
        return capture(orderId, amount, Settlement.NONE);
    }

    /** {@link #capture(String, BigDecimal)}, with what commits beside the outcome if this call records it. */
    public Payment capture(String orderId, BigDecimal amount, Settlement settlement) {
        Payment payment = payments.findByOrderId(orderId)
                .orElseThrow(() -> new PaymentProblem("No payment to capture for order " + orderId));
        if (payment.amount() == null || payment.amount().compareTo(amount) != 0) {
            throw new PaymentProblem("Capture amount " + amount + " differs from the authorized " + payment.amount()
                    + " of order " + orderId);
        }
        return switch (payment.status()) {
            case AUTHORIZING -> throw new PaymentPendingException(payment, "its authorization is not answered yet");
            case AUTHORIZED -> {
                Optional<Payment> acquired = acquire(payment, PaymentStatus.AUTHORIZED, Intent.CAPTURE);
                if (acquired.isEmpty()) {
                    Payment now = reload(payment.id());
                    if (now.status() == PaymentStatus.AUTHORIZED) {
                        throw new PaymentPendingException(now, "another operation is under way");
                    }
                    yield now;
                }
                yield callCapture(acquired.get(), settlement);
            }
            case CAPTURED, REFUNDED, DECLINED, VOIDED -> payment;
        };
    }

    /**
     * VoidPayment (compensation before capture): the hold is released. An order without a payment gets a VOIDED
     * tombstone, so a late AuthorizePayment holds nothing. An authorization whose outcome is unknown is resolved
     * first by re-issuing it with its key; while it stays unknown, the void fails transiently.
     */
    public Payment voidPayment(String orderId) {
        return voidPayment(orderId, Settlement.NONE);
    }

    /**
     * {@link #voidPayment(String)}, with what commits beside the outcome if this call records the void (not beside
     * an authorization it resolves first).
     */
    public Payment voidPayment(String orderId, Settlement settlement) {
        Payment payment = payments.findByOrderId(orderId).orElse(null);
        if (payment == null) {
            intents.tombstone(orderId);
            payment = payments.findByOrderId(orderId).orElseThrow();
        }
        if (payment.status() == PaymentStatus.AUTHORIZING) {
            if (!intents.lease(payment.id(), Intent.AUTHORIZE)) {
                throw new PaymentPendingException(payment, "its authorization is under way");
            }
            payment = callAuthorize(payment, true, Settlement.NONE);
        }
        return switch (payment.status()) {
            case AUTHORIZING -> throw new IllegalStateException("unreachable");
            case VOIDED, DECLINED -> payment;
            case CAPTURED, REFUNDED -> throw new PaymentProblem("The payment of order " + orderId + " is "
                    + payment.status() + ": it can only be refunded");
            case AUTHORIZED -> {
                Optional<Payment> acquired = acquire(payment, PaymentStatus.AUTHORIZED, Intent.VOID);
                if (acquired.isEmpty()) {
                    Payment now = reload(payment.id());
                    if (now.status() == PaymentStatus.AUTHORIZED) {
                        throw new PaymentPendingException(now, "another operation is under way");
                    }
                    yield voidPayment(orderId, settlement);
                }
                yield callVoid(acquired.get(), settlement);
            }
        };
    }

    /**
     * RefundPayment: gives a captured payment's amount back. REFUNDED and PaymentRefunded (payment-events, for
     * order-service and notifications) commit together, only once the processor has refunded.
     *
     * @throws NotCapturedException when the payment was never captured
     */
    public Payment refund(Payment payment) {
        return refund(payment, Settlement.NONE);
    }

    /** {@link #refund(Payment)}, with what commits beside the outcome if this call records it. */
    public Payment refund(Payment payment, Settlement settlement) {
        Payment current = reload(payment.id());
        return switch (current.status()) {
            case REFUNDED -> current;
            case CAPTURED -> {
                Optional<Payment> acquired = acquire(current, PaymentStatus.CAPTURED, Intent.REFUND);
                if (acquired.isEmpty()) {
                    Payment now = reload(current.id());
                    if (now.status() == PaymentStatus.CAPTURED) {
                        throw new PaymentPendingException(now, "its refund is under way");
                    }
                    yield now;
                }
                yield callRefund(acquired.get(), settlement);
            }
            case AUTHORIZING -> throw new PaymentPendingException(current, "its authorization is not answered yet");
            case AUTHORIZED -> {
                if (current.pending(Intent.CAPTURE)) {
                    throw new PaymentPendingException(current, "its capture is not answered yet");
                }
                throw new NotCapturedException();
            }
            case DECLINED, VOIDED -> throw new NotCapturedException();
        };
    }

    /**
     * An admin's refund: accepted once the REFUND intent is recorded (or was already, or the payment is refunded),
     * then tried once; if the processor does not answer, the reconciler finishes it.
     *
     * @throws NotCapturedException (409) unless the payment is captured
     */
    public Payment refundRequested(UUID id) {
        Payment payment = payments.findById(id).filter(Payment::shown)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such payment."));
        try {
            return refund(payment);
        } catch (PaymentPendingException recordedButNotAnswered) {
            Payment now = reload(id);
            if (now.pending(Intent.REFUND) || now.status() == PaymentStatus.REFUNDED) {
                return now;
            }
            throw new NotCapturedException();
        } catch (PaymentProblem refused) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "The card processor refused the refund.");
        }
    }

    /**
     * Finishes an intent nobody is working on any more (its caller crashed, or its answer was lost) by re-issuing
     * the same call. False when someone else holds it.
     */
    boolean resume(Payment payment) {
        Intent intent = payment.intent();
        if (intent == null || !intents.lease(payment.id(), intent)) {
            return false;
        }
        Payment current = reload(payment.id());
        switch (intent) {
            case AUTHORIZE -> callAuthorize(current, true, Settlement.NONE);
            case CAPTURE -> callCapture(current, Settlement.NONE);
            case VOID -> callVoid(current, Settlement.NONE);
            case REFUND -> callRefund(current, Settlement.NONE);
        }
        return true;
    }

    /** The payment of an order, if it was ever authorized, declined or voided. */
    public Optional<Payment> forOrderId(String orderId) {
        return payments.findByOrderId(orderId);
    }

    public Optional<Payment> find(UUID id) {
        return payments.findById(id);
    }

    public List<Payment> forOrder(String orderId) {
        return payments.findByOrderIdOrderByCreatedAt(orderId);
    }

    /**
     * @param earlierCallPossible an earlier attempt may have reached the processor: a 503 now does not prove that
     *        nothing was ever authorized, so the ledger is asked before the payment is declined
     */
    private Payment callAuthorize(Payment payment, boolean earlierCallPossible, Settlement settlement) {
        String key = Intent.AUTHORIZE.key(payment.id());
        Outcome outcome = processor.authorize(payment.cardToken(), payment.amount(), payment.currency(), payment.orderId(),
                key);
        return switch (outcome.kind()) {
            case APPROVED -> finish(payment, Intent.AUTHORIZE, PaymentStatus.AUTHORIZED, outcome.id(), null, "approved",
                    settlement);
            case DECLINED -> finish(payment, Intent.AUTHORIZE, PaymentStatus.DECLINED, outcome.id(),
                    outcome.declineCode() == null ? "card_declined" : outcome.declineCode(), outcome.declineCode(),
                    settlement);
            case REFUSED -> finish(payment, Intent.AUTHORIZE, PaymentStatus.DECLINED, null, "invalid_payment_method",
                    "invalid_payment_method", settlement);
            case UNAVAILABLE -> {
                if (earlierCallPossible && tookEffect(payment, key)) {
                    throw unknown(payment, Intent.AUTHORIZE, "the processor is unavailable and has seen this authorization");
                }
                yield finish(payment, Intent.AUTHORIZE, PaymentStatus.DECLINED, null, "processor_unavailable",
                        "processor_unavailable", settlement);
            }
            case UNKNOWN -> throw unknown(payment, Intent.AUTHORIZE, outcome.detail());
        };
    }

    private Payment callCapture(Payment payment, Settlement settlement) {
        Outcome outcome = processor.capture(payment.authorizationId(), payment.amount(), Intent.CAPTURE.key(payment.id()));
        return switch (outcome.kind()) {
            case APPROVED -> finish(payment, Intent.CAPTURE, PaymentStatus.CAPTURED, null, null, "approved", settlement);
            case REFUSED, DECLINED -> throw refused(payment, Intent.CAPTURE, outcome);
            case UNAVAILABLE, UNKNOWN -> throw unknown(payment, Intent.CAPTURE, outcome.detail());
        };
    }

    private Payment callVoid(Payment payment, Settlement settlement) {
        Outcome outcome = processor.voidAuthorization(payment.authorizationId(), Intent.VOID.key(payment.id()));
        return switch (outcome.kind()) {
            case APPROVED -> finish(payment, Intent.VOID, PaymentStatus.VOIDED, null, null, "approved", settlement);
            case REFUSED, DECLINED -> throw refused(payment, Intent.VOID, outcome);
            case UNAVAILABLE, UNKNOWN -> throw unknown(payment, Intent.VOID, outcome.detail());
        };
    }

    /** The refund's outcome, REFUNDED and PaymentRefunded commit in one transaction, and only once. */
    private Payment callRefund(Payment payment, Settlement settlement) {
        Outcome outcome = processor.refund(payment.authorizationId(), payment.amount(), Intent.REFUND.key(payment.id()));
        return switch (outcome.kind()) {
            case APPROVED -> {
                Payment refunded = tx.execute(status -> intents.finish(payment, Intent.REFUND, PaymentStatus.REFUNDED,
                        null, null).map(done -> {
                            PaymentRefunded event = new PaymentRefunded(done.orderId(), done.id().toString(),
                                    done.userId(), done.amount(), done.currency());
                            outbox.publishEvent(CheckoutMessage.once(SOURCE, event, clock.instant())
                                    .to(CheckoutTopics.PAYMENT_EVENTS));
                            settlement.settled(done);
                            count("refund", "approved");
                            return done;
                        }).orElse(null));
                yield refunded != null ? refunded : reload(payment.id());
            }
            case REFUSED, DECLINED -> throw refused(payment, Intent.REFUND, outcome);
            case UNAVAILABLE, UNKNOWN -> throw unknown(payment, Intent.REFUND, outcome.detail());
        };
    }

    /** The intent recorded and leased to the caller (the payment as it is now), or empty when someone else holds it. */
    private Optional<Payment> acquire(Payment payment, PaymentStatus from, Intent intent) {
        if (payment.intent() == null) {
            return intents.record(payment, from, intent);
        }
        return payment.pending(intent) && intents.lease(payment.id(), intent) ? Optional.of(payment) : Optional.empty();
    }

    /**
     * Records the processor's answer, and with it what the settlement adds, in one transaction; the payment as it is
     * now (read again only when someone else recorded it first, and then the settlement is not run).
     */
    private Payment finish(Payment payment, Intent intent, PaymentStatus to, String authorizationId, String reason,
            String outcome, Settlement settlement) {
        Payment done = tx.execute(status -> intents.finish(payment, intent, to, authorizationId, reason).map(finished -> {
            settlement.settled(finished);
            return finished;
        }).orElse(null));
        if (done == null) {
            return reload(payment.id());
        }
        count(intent.operation(), outcome);
        return done;
    }

    /** The outcome is unknown: the intent stays (same key next time), the lease goes, the caller fails transiently. */
    private PaymentPendingException unknown(Payment payment, Intent intent, String detail) {
        intents.release(payment.id(), intent);
        count(intent.operation(), "unknown");
        return new PaymentPendingException(payment, "the processor has not confirmed the " + intent.operation() + " ("
                + detail + "); it stays pending");
    }

    private PaymentProblem refused(Payment payment, Intent intent, Outcome outcome) {
        intents.abandon(payment.id(), intent);
        count(intent.operation(), "refused");
        return new PaymentProblem("The processor refused to " + intent.operation() + " the payment of order "
                + payment.orderId() + ": " + outcome.detail());
    }

    /** Whether the processor's ledger holds an operation made with this key. */
    private boolean tookEffect(Payment payment, String key) {
        try {
            return processor.ledger(payment.orderId()).stream().anyMatch(entry -> key.equals(entry.idempotencyKey()));
        } catch (ProcessorUnavailableException noLedger) {
            return true;
        }
    }

    private Payment reload(UUID id) {
        return payments.findById(id).orElseThrow();
    }

    /** {@code emporium_payments_total{operation,outcome}}: what the processor did, per operation. */
    private void count(String operation, String outcome) {
        meters.counter("emporium.payments", "operation", operation, "outcome", outcome == null ? "declined" : outcome)
                .increment();
    }

    /**
     * What commits in the same transaction as an outcome the call records, given the payment as recorded; not run when
     * the outcome was already there or someone else recorded it. Whatever it throws rolls the outcome back with it,
     * so the intent stays pending and is re-issued with the same key.
     */
    @FunctionalInterface
    public interface Settlement {

        Settlement NONE = payment -> {
        };

        void settled(Payment payment);
    }

    /** A command that can never apply to this payment: dead-lettered at once, never retried. */
    public static class PaymentProblem extends InvalidMessageException {
        PaymentProblem(String message) {
            super(message);
        }
    }

    /**
     * The operation's outcome is not known yet (no answer from the processor, or another caller is making the call):
     * the intent stays pending. Transient: the command is retried, the reconciler finishes it.
     */
    public static class PaymentPendingException extends RuntimeException {
        PaymentPendingException(Payment payment, String why) {
            super("The payment of order " + payment.orderId() + " is pending: " + why);
        }
    }

    /** 409: only a captured payment can be refunded. */
    public static class NotCapturedException extends ResponseStatusException {
        NotCapturedException() {
            super(HttpStatus.CONFLICT, "Only a captured payment can be refunded.");
        }
    }
}

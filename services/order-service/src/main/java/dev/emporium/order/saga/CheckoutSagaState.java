package dev.emporium.order.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentAuthorized;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentDeclined;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentVoided;
import dev.emporium.contracts.checkout.CheckoutReply.StockCommitted;
import dev.emporium.contracts.checkout.CheckoutReply.StockReleased;
import dev.emporium.contracts.checkout.CheckoutReply.StockReserved;
import dev.emporium.contracts.checkout.CheckoutReply.StockReturned;
import dev.emporium.contracts.checkout.CheckoutReply.StockUnavailable;
import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentCommand.CapturePayment;
import dev.emporium.contracts.checkout.PaymentCommand.RefundPayment;
import dev.emporium.contracts.checkout.PaymentCommand.VoidPayment;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentCaptured;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.contracts.checkout.StockCommand;
import dev.emporium.contracts.checkout.StockCommand.CommitStock;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.order.order.FailureReason;
import dev.emporium.order.order.Order;
import dev.emporium.order.order.OrderStatus;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The checkout saga of one order, persisted (the orchestrator can crash between any two messages and resume).
 * <pre>
 *   reserveStock      → compensation: releaseStock
 *   authorizePayment  → compensation: voidPayment
 *   confirmOrder        (pivot: from here on the saga only goes forward)
 *   capturePayment + commitStock
 *
 *   cancel (CONFIRMED) → refundPayment + returnStock → CANCELLED
 * </pre>
 * Each method takes what happened (a reply, a passed deadline, a cancel) and returns a {@link Decision}: the
 * commands to send and what becomes of the order. Replies that do not fit the current step (late, duplicated, or
 * after a timeout) change nothing, except that a hold made after the saga gave up is released again.
 */
@Table("checkout_saga")
public class CheckoutSagaState {

    @Id
    private final UUID orderId;
    private SagaStep step;
    private String awaiting;
    private boolean stockReserved;
    private boolean paymentAuthorized;
    private FailureReason failureReason;
    private Instant deadline;
    private int attempts;
    private Instant updatedAt;
    @Version
    private Long version;

    @PersistenceCreator
    CheckoutSagaState(UUID orderId, SagaStep step, String awaiting, boolean stockReserved, boolean paymentAuthorized,
            FailureReason failureReason, Instant deadline, int attempts, Instant updatedAt, Long version) {
        this.orderId = orderId;
        this.step = step;
        this.awaiting = awaiting;
        this.stockReserved = stockReserved;
        this.paymentAuthorized = paymentAuthorized;
        this.failureReason = failureReason;
        this.deadline = deadline;
        this.attempts = attempts;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** Step one for a new order: ReserveStock. */
    static Started start(Order order, Timing timing, Instant now) {
        CheckoutSagaState saga = new CheckoutSagaState(order.id(), SagaStep.RESERVING_STOCK, "", false, false, null,
                now.plus(timing.stepTimeout()), 0, now, null);
        List<StockCommand.Line> lines = order.items().stream()
                .map(item -> new StockCommand.Line(item.productId(), item.quantity())).toList();
        return new Started(saga, new ReserveStock(order.id().toString(), lines));
    }

    /** A participant answered. */
    Decision on(CheckoutReply reply, Order order, Timing timing, Instant now) {
        return switch (reply) {
            case StockReserved r when step == SagaStep.RESERVING_STOCK -> {
                stockReserved = true;
                yield next(SagaStep.AUTHORIZING_PAYMENT, timing, now, Outcome.NONE, new AuthorizePayment(id(),
                        order.userId(), order.total(), order.currency(), order.paymentMethodToken()));
            }
            case StockUnavailable r when step == SagaStep.RESERVING_STOCK -> {
                failureReason = FailureReason.OUT_OF_STOCK;
                yield finish(Outcome.REJECT, now);
            }
            case PaymentAuthorized r when step == SagaStep.AUTHORIZING_PAYMENT -> {
                paymentAuthorized = true;
                yield await(SagaStep.COMPLETING, EnumSet.of(Pending.CAPTURE_PAYMENT, Pending.COMMIT_STOCK), order, timing,
                        now, Outcome.CONFIRM);
            }
            case PaymentDeclined r when step == SagaStep.AUTHORIZING_PAYMENT -> {
                failureReason = FailureReason.PAYMENT_DECLINED;
                yield await(SagaStep.COMPENSATING, EnumSet.of(Pending.RELEASE_STOCK), order, timing, now, Outcome.NONE);
            }
            // a hold made after the saga gave up on it (e.g. a dead-lettered command replayed later)
            case PaymentAuthorized r when step == SagaStep.DONE && order.status() == OrderStatus.REJECTED ->
                    Decision.of(Outcome.NONE, List.of(new VoidPayment(id())));
            case PaymentCaptured r -> settle(SagaStep.COMPLETING, Pending.CAPTURE_PAYMENT, Outcome.NONE, now);
            case StockCommitted r -> settle(SagaStep.COMPLETING, Pending.COMMIT_STOCK, Outcome.NONE, now);
            case StockReleased r -> settle(SagaStep.COMPENSATING, Pending.RELEASE_STOCK, Outcome.REJECT, now);
            case PaymentVoided r -> settle(SagaStep.COMPENSATING, Pending.VOID_PAYMENT, Outcome.REJECT, now);
            case StockReturned r -> settle(SagaStep.CANCELLING, Pending.RETURN_STOCK, Outcome.CANCEL, now);
            case PaymentRefunded r when step == SagaStep.CANCELLING ->
                    settle(SagaStep.CANCELLING, Pending.REFUND_PAYMENT, Outcome.CANCEL, now);
            // refunded by an admin at payment-service: the order is cancelled and its stock returned
            case PaymentRefunded r when order.status() == OrderStatus.CONFIRMED ->
                    await(SagaStep.CANCELLING, EnumSet.of(Pending.RETURN_STOCK), order, timing, now, Outcome.NONE);
            default -> Decision.NOTHING;
        };
    }

    /** Whether the customer (or an admin) may cancel now: a confirmed order not already being cancelled. */
    boolean cancellable(Order order) {
        return order.status() == OrderStatus.CONFIRMED && (step == SagaStep.COMPLETING || step == SagaStep.DONE);
    }

    /** Cancel of a CONFIRMED order: refund and return the stock, then CANCELLED. */
    Decision cancel(Order order, Timing timing, Instant now) {
        if (!cancellable(order)) {
            throw new IllegalStateException("Order " + orderId + " cannot be cancelled while " + step);
        }
        return await(SagaStep.CANCELLING, EnumSet.of(Pending.REFUND_PAYMENT, Pending.RETURN_STOCK), order, timing, now,
                Outcome.NONE);
    }

    /**
     * The deadline passed. Before the pivot the saga gives up: it compensates whatever may have been done (a
     * reservation or authorization may exist even if its reply has not arrived) and the order ends REJECTED
     * with TIMEOUT. After a decision it insists: the missing commands are sent again, with growing intervals.
     */
    Decision deadlinePassed(Order order, Timing timing, Instant now) {
        if (deadline == null || now.isBefore(deadline)) {
            return Decision.NOTHING;
        }
        return switch (step) {
            case RESERVING_STOCK -> {
                failureReason = FailureReason.TIMEOUT;
                yield await(SagaStep.COMPENSATING, EnumSet.of(Pending.RELEASE_STOCK), order, timing, now, Outcome.NONE);
            }
            case AUTHORIZING_PAYMENT -> {
                failureReason = FailureReason.TIMEOUT;
                yield await(SagaStep.COMPENSATING, EnumSet.of(Pending.RELEASE_STOCK, Pending.VOID_PAYMENT), order, timing,
                        now, Outcome.NONE);
            }
            case COMPLETING, COMPENSATING, CANCELLING -> {
                attempts++;
                deadline = now.plus(timing.retryInterval(attempts));
                updatedAt = now;
                yield Decision.of(Outcome.NONE, commandsFor(pending(), order));
            }
            case DONE -> Decision.NOTHING;
        };
    }

    private Decision next(SagaStep to, Timing timing, Instant now, Outcome outcome, CheckoutPayload command) {
        step = to;
        attempts = 0;
        deadline = now.plus(timing.stepTimeout());
        updatedAt = now;
        return Decision.of(outcome, List.of(command));
    }

    private Decision await(SagaStep to, Set<Pending> acknowledgements, Order order, Timing timing, Instant now,
            Outcome outcome) {
        step = to;
        awaiting = acknowledgements.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        attempts = 0;
        deadline = now.plus(timing.stepTimeout());
        updatedAt = now;
        return Decision.of(outcome, commandsFor(acknowledgements, order));
    }

    /** One awaited acknowledgement arrived; when it was the last, the saga ends with {@code outcome}. */
    private Decision settle(SagaStep expected, Pending acknowledged, Outcome outcome, Instant now) {
        Set<Pending> pending = pending();
        if (step != expected || !pending.remove(acknowledged)) {
            return Decision.NOTHING;
        }
        awaiting = pending.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
        updatedAt = now;
        return pending.isEmpty() ? finish(outcome, now) : Decision.NOTHING;
    }

    private Decision finish(Outcome outcome, Instant now) {
        step = SagaStep.DONE;
        awaiting = "";
        deadline = null;
        updatedAt = now;
        return Decision.of(outcome, List.of());
    }

    private Set<Pending> pending() {
        Set<Pending> pending = EnumSet.noneOf(Pending.class);
        Arrays.stream(awaiting.split(",")).filter(s -> !s.isBlank()).map(Pending::valueOf).forEach(pending::add);
        return pending;
    }

    private List<CheckoutPayload> commandsFor(Set<Pending> pending, Order order) {
        List<CheckoutPayload> commands = new ArrayList<>();
        for (Pending p : pending) {
            commands.add(switch (p) {
                case CAPTURE_PAYMENT -> new CapturePayment(id(), order.total());
                case COMMIT_STOCK -> new CommitStock(id());
                case RELEASE_STOCK -> new ReleaseStock(id());
                case VOID_PAYMENT -> new VoidPayment(id());
                case REFUND_PAYMENT -> new RefundPayment(id());
                case RETURN_STOCK -> new ReturnStock(id());
            });
        }
        return commands;
    }

    private String id() {
        return orderId.toString();
    }

    public UUID orderId() {
        return orderId;
    }

    public SagaStep step() {
        return step;
    }

    public FailureReason failureReason() {
        return failureReason;
    }

    public Instant deadline() {
        return deadline;
    }

    public int attempts() {
        return attempts;
    }

    /** What becomes of the order. */
    enum Outcome {
        NONE, CONFIRM, REJECT, CANCEL
    }

    /** The saga's answer to an event: the order's fate and the commands to send, in this order. */
    record Decision(Outcome outcome, List<CheckoutPayload> commands) {

        static final Decision NOTHING = new Decision(Outcome.NONE, List.of());

        static Decision of(Outcome outcome, List<CheckoutPayload> commands) {
            return new Decision(outcome, List.copyOf(commands));
        }
    }

    record Started(CheckoutSagaState saga, ReserveStock command) {
    }

    /**
     * How long a step may take before the saga gives up on it, and how insistently it re-sends commands after a
     * decision (doubling from the step timeout up to {@code maxRetryInterval}).
     */
    public record Timing(Duration stepTimeout, Duration maxRetryInterval) {

        Duration retryInterval(int attempt) {
            Duration interval = stepTimeout.multipliedBy(1L << Math.min(attempt, 16));
            return interval.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : interval;
        }
    }
}

package dev.emporium.order.saga;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.order.order.FailureReason;
import dev.emporium.order.order.Order;
import dev.emporium.order.order.OrderStatus;
import dev.emporium.order.saga.CheckoutSagaDefinition.Action;
import dev.emporium.order.saga.CheckoutSagaDefinition.Step;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The checkout saga of one order, persisted (the orchestrator can crash between any two messages and resume), and
 * the one interpreter of {@link CheckoutSagaDefinition}. Each method takes what happened (a reply, a passed deadline,
 * a cancel) and returns a {@link Decision}: the commands to send and what becomes of the order.
 * <p>
 * Where it is ({@link #step()}): the name of a step of the table while it runs forward, then {@code COMPLETING}
 * (past the pivot), {@code COMPENSATING}, {@code CANCELLING} or {@code DONE}. Every saga that is not DONE has a
 * deadline: a step not answered in time is given up (TIMEOUT); an action not acknowledged in time is sent again.
 * Replies that fit nowhere (late, duplicated) change nothing, except a success that arrives while the saga is
 * undoing itself, whose effect is then undone too.
 */
@Table("checkout_saga")
public class CheckoutSagaState {

    static final String COMPLETING = "COMPLETING";
    static final String COMPENSATING = "COMPENSATING";
    static final String CANCELLING = "CANCELLING";
    public static final String DONE = "DONE";
    /** Where a saga is while its order is not decided yet: a step of the table, or undoing one. */
    static final List<String> UNDECIDED = Stream.concat(CheckoutSagaDefinition.STEPS.stream().map(Step::name),
            Stream.of(COMPENSATING)).toList();

    @Id
    private final UUID orderId;
    private String step;
    private String awaiting;
    /** Acknowledgements that arrived before the saga asked for them (a refund an admin made at payment-service). */
    private String acknowledged;
    /** A cancel asked for while the completion was outstanding: it starts once that is acknowledged. */
    private boolean cancelRequested;
    private FailureReason failureReason;
    private Instant deadline;
    private int attempts;
    private Instant updatedAt;
    @Version
    private Long version;

    @PersistenceCreator
    CheckoutSagaState(UUID orderId, String step, String awaiting, String acknowledged, boolean cancelRequested,
            FailureReason failureReason, Instant deadline, int attempts, Instant updatedAt, Long version) {
        this.orderId = orderId;
        this.step = step;
        this.awaiting = awaiting;
        this.acknowledged = acknowledged;
        this.cancelRequested = cancelRequested;
        this.failureReason = failureReason;
        this.deadline = deadline;
        this.attempts = attempts;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** A new order: the first step's command. */
    static Started start(Order order, Timing timing, Instant now) {
        Step first = CheckoutSagaDefinition.STEPS.getFirst();
        CheckoutSagaState saga = new CheckoutSagaState(order.id(), first.name(), "", "", false, null,
                now.plus(timing.stepTimeout()), 0, now, null);
        return new Started(saga, first.command().apply(order));
    }

    /** A participant answered. */
    Decision on(CheckoutReply reply, Order order, Timing timing, Instant now) {
        Optional<Integer> current = stepIndex();
        if (current.isPresent()) {
            Step running = CheckoutSagaDefinition.STEPS.get(current.get());
            if (running.success().isInstance(reply)) {
                return forward(current.get() + 1, order, timing, now);
            }
            FailureReason reason = running.failures().get(reply.getClass());
            if (reason != null) {
                failureReason = reason;
                return compensate(current.get() - 1, order, timing, now);
            }
        }
        Optional<Action> acknowledges = Action.acknowledgedWith(reply);
        if (acknowledges.isPresent() && pending().contains(acknowledges.get())) {
            return settle(acknowledges.get(), order, timing, now);
        }
        if (reply instanceof PaymentRefunded && order.status() == OrderStatus.CONFIRMED && !step.equals(CANCELLING)) {
            return refundedElsewhere(order, timing, now);
        }
        for (Step done : CheckoutSagaDefinition.STEPS) {
            if (done.success().isInstance(reply) && done.compensation().isPresent() && undoing(order)) {
                return undoLate(done.compensation().get(), order, timing, now);
            }
        }
        return Decision.NOTHING;
    }

    /** Whether a cancel is accepted now: a confirmed order, not already being (or about to be) cancelled. */
    boolean cancellable(Order order) {
        return order.status() == OrderStatus.CONFIRMED && !cancelRequested
                && (step.equals(COMPLETING) || step.equals(DONE));
    }

    /**
     * Cancel of a CONFIRMED order: refund and return the stock, then CANCELLED. While capture or stock commit are
     * still outstanding, the cancel waits behind them (a refund needs a capture).
     */
    Decision cancel(Order order, Timing timing, Instant now) {
        if (!cancellable(order)) {
            throw new IllegalStateException("Order " + orderId + " cannot be cancelled while " + step);
        }
        cancelRequested = true;
        updatedAt = now;
        return step.equals(DONE) ? cancellation(order, timing, now) : Decision.NOTHING;
    }

    /**
     * The deadline passed. Before the pivot the saga gives up: it compensates the current step and every earlier
     * one (a reservation or authorization may exist even if its reply has not arrived) and the order ends REJECTED
     * with TIMEOUT. Afterwards it insists: the missing commands are sent again, with growing intervals.
     */
    Decision deadlinePassed(Order order, Timing timing, Instant now) {
        if (deadline == null || now.isBefore(deadline)) {
            return Decision.NOTHING;
        }
        Optional<Integer> current = stepIndex();
        if (current.isPresent()) {
            failureReason = FailureReason.TIMEOUT;
            return compensate(current.get(), order, timing, now);
        }
        if (step.equals(DONE)) {
            return Decision.NOTHING;
        }
        attempts++;
        deadline = now.plus(timing.retryInterval(attempts));
        updatedAt = now;
        return Decision.of(Outcome.NONE, commands(pending(), order));
    }

    private Decision forward(int next, Order order, Timing timing, Instant now) {
        if (next < CheckoutSagaDefinition.STEPS.size()) {
            Step step = CheckoutSagaDefinition.STEPS.get(next);
            this.step = step.name();
            attempts = 0;
            deadline = now.plus(timing.stepTimeout());
            updatedAt = now;
            return Decision.of(Outcome.NONE, List.of(step.command().apply(order)));
        }
        return await(COMPLETING, CheckoutSagaDefinition.COMPLETION, order, timing, now, Outcome.CONFIRM);
    }

    /** Undoes the steps up to {@code last} (inclusive) that have a compensation; REJECTED once all are acknowledged. */
    private Decision compensate(int last, Order order, Timing timing, Instant now) {
        Set<Action> undo = EnumSet.noneOf(Action.class);
        for (int i = 0; i <= last; i++) {
            CheckoutSagaDefinition.STEPS.get(i).compensation().ifPresent(undo::add);
        }
        if (undo.isEmpty()) {
            return finish(Outcome.REJECT, now);
        }
        return await(COMPENSATING, undo, order, timing, now, Outcome.NONE);
    }

    private Decision cancellation(Order order, Timing timing, Instant now) {
        Set<Action> remaining = EnumSet.copyOf(CheckoutSagaDefinition.CANCELLATION);
        remaining.removeAll(parse(acknowledged));
        if (remaining.isEmpty()) {
            return finish(Outcome.CANCEL, now);
        }
        return await(CANCELLING, remaining, order, timing, now, Outcome.NONE);
    }

    /**
     * An admin refunded the payment at payment-service. The capture evidently happened; the order is cancelled
     * (its stock returned) once the completion that may still be outstanding is acknowledged.
     */
    private Decision refundedElsewhere(Order order, Timing timing, Instant now) {
        Set<Action> early = parse(acknowledged);
        early.add(Action.REFUND_PAYMENT);
        acknowledged = format(early);
        cancelRequested = true;
        updatedAt = now;
        if (step.equals(DONE)) {
            return cancellation(order, timing, now);
        }
        return pending().contains(Action.CAPTURE_PAYMENT) ? settle(Action.CAPTURE_PAYMENT, order, timing, now) : Decision.NOTHING;
    }

    /** A step's success arrived while the saga undoes itself (or after it did): its effect is undone too. */
    private Decision undoLate(Action compensation, Order order, Timing timing, Instant now) {
        if (step.equals(DONE)) {
            return await(COMPENSATING, Set.of(compensation), order, timing, now, Outcome.NONE);
        }
        Set<Action> pending = pending();
        if (!pending.add(compensation)) {
            return Decision.NOTHING;
        }
        awaiting = format(pending);
        updatedAt = now;
        return Decision.of(Outcome.NONE, List.of(compensation.command(order)));
    }

    private boolean undoing(Order order) {
        return step.equals(COMPENSATING) || step.equals(DONE) && order.status() == OrderStatus.REJECTED;
    }

    private Decision await(String to, Collection<Action> actions, Order order, Timing timing, Instant now, Outcome outcome) {
        step = to;
        awaiting = format(actions);
        attempts = 0;
        deadline = now.plus(timing.stepTimeout());
        updatedAt = now;
        return Decision.of(outcome, commands(actions, order));
    }

    /** One awaited acknowledgement arrived; when it was the last, the phase ends. */
    private Decision settle(Action acknowledged, Order order, Timing timing, Instant now) {
        Set<Action> pending = pending();
        pending.remove(acknowledged);
        awaiting = format(pending);
        updatedAt = now;
        if (!pending.isEmpty()) {
            return Decision.NOTHING;
        }
        return switch (step) {
            case COMPLETING -> cancelRequested ? cancellation(order, timing, now) : finish(Outcome.NONE, now);
            case COMPENSATING -> finish(order.status() == OrderStatus.PENDING ? Outcome.REJECT : Outcome.NONE, now);
            case CANCELLING -> finish(Outcome.CANCEL, now);
            default -> Decision.NOTHING;
        };
    }

    private Decision finish(Outcome outcome, Instant now) {
        step = DONE;
        awaiting = "";
        deadline = null;
        updatedAt = now;
        return Decision.of(outcome, List.of());
    }

    private Optional<Integer> stepIndex() {
        List<Step> steps = CheckoutSagaDefinition.STEPS;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(step)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Set<Action> pending() {
        return parse(awaiting);
    }

    private static Set<Action> parse(String names) {
        Set<Action> actions = EnumSet.noneOf(Action.class);
        Arrays.stream(names.split(",")).filter(s -> !s.isBlank()).map(Action::valueOf).forEach(actions::add);
        return actions;
    }

    private static String format(Collection<Action> actions) {
        return actions.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    private static List<CheckoutPayload> commands(Collection<Action> actions, Order order) {
        return Arrays.stream(Action.values()).filter(actions::contains).map(action -> action.command(order)).toList();
    }

    public UUID orderId() {
        return orderId;
    }

    /** A step's name from {@link CheckoutSagaDefinition}, or COMPLETING, COMPENSATING, CANCELLING, DONE. */
    public String step() {
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

    boolean cancelRequested() {
        return cancelRequested;
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

    record Started(CheckoutSagaState saga, CheckoutPayload command) {
    }

    /**
     * The retry policy. A step before the pivot may take {@code stepTimeout}; an action (completion, compensation,
     * cancellation) is re-sent after {@code stepTimeout}, then at doubling intervals up to {@code maxRetryInterval},
     * for as long as it takes.
     */
    public record Timing(Duration stepTimeout, Duration maxRetryInterval) {

        Duration retryInterval(int attempt) {
            Duration interval = stepTimeout.multipliedBy(1L << Math.min(attempt, 16));
            return interval.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : interval;
        }
    }
}

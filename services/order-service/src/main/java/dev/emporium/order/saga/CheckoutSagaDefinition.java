package dev.emporium.order.saga;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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

/**
 * The checkout saga, as a table. {@link CheckoutSagaState} interprets it; nothing else decides what the saga does.
 * <pre>
 * step                 command           success          failure → reason                 compensation (ack)         on deadline
 * RESERVING_STOCK      ReserveStock      StockReserved    StockUnavailable → OUT_OF_STOCK  ReleaseStock (StockReleased) give up: TIMEOUT
 * AUTHORIZING_PAYMENT  AuthorizePayment  PaymentAuthorized PaymentDeclined → PAYMENT_DECLINED VoidPayment (PaymentVoided) give up: TIMEOUT
 * ── pivot: the order is CONFIRMED; from here the saga only goes forward ──
 * COMPLETING           CapturePayment (PaymentCaptured) + CommitStock (StockCommitted)                                  re-send, backoff
 * ── cancel of a CONFIRMED order (customer, admin, or a refund made at payment-service) ──
 * CANCELLING           RefundPayment (PaymentRefunded) + ReturnStock (StockReturned)                                    re-send, backoff
 * </pre>
 * A failure compensates every earlier step that has a compensation; a passed deadline compensates the current step
 * too (its effect may have happened without its reply arriving). Compensations, completion and cancellation are
 * {@link Action}s: each is re-sent with growing intervals ({@link CheckoutSagaState.Timing}) until its
 * acknowledgement arrives. The order moves only when all of them are acknowledged: REJECTED once everything is
 * undone, CANCELLED once refunded and restocked. A cancel asked for while the completion is still outstanding
 * waits behind it.
 */
final class CheckoutSagaDefinition {

    static final List<Step> STEPS = List.of(
            new Step("RESERVING_STOCK",
                    order -> new ReserveStock(id(order), order.items().stream()
                            .map(item -> new StockCommand.Line(item.productId(), item.quantity())).toList()),
                    StockReserved.class, Map.of(StockUnavailable.class, FailureReason.OUT_OF_STOCK),
                    Optional.of(Action.RELEASE_STOCK)),
            new Step("AUTHORIZING_PAYMENT",
                    order -> new AuthorizePayment(id(order), order.userId(), order.total(), order.currency(),
                            order.paymentMethodToken()),
                    PaymentAuthorized.class, Map.of(PaymentDeclined.class, FailureReason.PAYMENT_DECLINED),
                    Optional.of(Action.VOID_PAYMENT)));

    /** After the pivot: what makes a CONFIRMED order fulfilled. */
    static final Set<Action> COMPLETION = EnumSet.of(Action.CAPTURE_PAYMENT, Action.COMMIT_STOCK);

    /** What undoes a CONFIRMED order. */
    static final Set<Action> CANCELLATION = EnumSet.of(Action.REFUND_PAYMENT, Action.RETURN_STOCK);

    private CheckoutSagaDefinition() {
    }

    /**
     * A step before the pivot: its command, the reply that means it worked, the replies that mean it did not (and
     * why the order is then rejected), and how to undo it.
     */
    record Step(String name, Function<Order, CheckoutPayload> command, Class<? extends CheckoutReply> success,
            Map<Class<? extends CheckoutReply>, FailureReason> failures, Optional<Action> compensation) {
    }

    /**
     * A command the saga insists on: sent, then re-sent until the reply that acknowledges it arrives. The names are
     * stored in {@code checkout_saga.awaiting}.
     */
    enum Action {
        RELEASE_STOCK(order -> new ReleaseStock(id(order)), StockReleased.class),
        VOID_PAYMENT(order -> new VoidPayment(id(order)), PaymentVoided.class),
        CAPTURE_PAYMENT(order -> new CapturePayment(id(order), order.total()), PaymentCaptured.class),
        COMMIT_STOCK(order -> new CommitStock(id(order)), StockCommitted.class),
        REFUND_PAYMENT(order -> new RefundPayment(id(order)), PaymentRefunded.class),
        RETURN_STOCK(order -> new ReturnStock(id(order)), StockReturned.class);

        private final Function<Order, CheckoutPayload> command;
        private final Class<? extends CheckoutReply> acknowledgement;

        Action(Function<Order, CheckoutPayload> command, Class<? extends CheckoutReply> acknowledgement) {
            this.command = command;
            this.acknowledgement = acknowledgement;
        }

        CheckoutPayload command(Order order) {
            return command.apply(order);
        }

        boolean acknowledgedBy(CheckoutReply reply) {
            return acknowledgement.isInstance(reply);
        }

        static Optional<Action> acknowledgedWith(CheckoutReply reply) {
            for (Action action : values()) {
                if (action.acknowledgedBy(reply)) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }
    }

    private static String id(Order order) {
        return order.id().toString();
    }
}

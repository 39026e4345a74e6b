package dev.emporium.order.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
import dev.emporium.contracts.checkout.StockCommand.CommitStock;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.order.order.Order;
import dev.emporium.order.order.OrderStatus;
import dev.emporium.order.saga.CheckoutSagaState.Decision;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Messages in any order, any number of times (finding 7): the outbox may publish a later message before an earlier
 * one, the broker may redeliver, a saga may re-send. This runs the saga against two participants that behave like
 * product-service and payment-service (idempotent per order, release-before-reserve and void-before-authorize leave
 * a marker, a command that must wait for another is retried later) while every message in flight is delivered in
 * a random order, some of them twice, some never, with deadlines passing, customers cancelling and admins refunding
 * at random.
 * Whatever happens, the saga ends, and the order, the stock and the money agree.
 */
class CheckoutSagaShuffleTest {

    static final CheckoutSagaState.Timing TIMING = new CheckoutSagaState.Timing(Duration.ofSeconds(10), Duration.ofSeconds(80));

    enum Stock { NONE, RESERVED, COMMITTED, RELEASED, RETURNED, REJECTED }

    enum Money { NONE, AUTHORIZED, CAPTURED, VOIDED, REFUNDED, DECLINED }

    Stock stock = Stock.NONE;
    Money money = Money.NONE;
    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    final List<CheckoutPayload> commands = new ArrayList<>();
    final List<CheckoutReply> replies = new ArrayList<>();

    @RepeatedTest(400)
    void theSagaEndsAndOrderStockAndMoneyAgree(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        boolean outOfStock = random.nextInt(6) == 0;
        boolean declined = random.nextInt(6) == 0;
        Order order = OrderMother.pendingOrder();
        String id = order.id().toString();
        CheckoutSagaState.Started started = CheckoutSagaState.start(order, TIMING, now);
        CheckoutSagaState saga = started.saga();
        commands.add(started.command());

        for (int tick = 0; tick < 2_000 && !(saga.step().equals(CheckoutSagaState.DONE) && commands.isEmpty() && replies.isEmpty()); tick++) {
            int dice = random.nextInt(100);
            if (dice < 40 && !commands.isEmpty()) {
                CheckoutPayload command = take(commands, random);
                participant(command, outOfStock, declined, random).ifPresentOrElse(replies::add, () -> commands.add(command));
            } else if (dice < 44 && !commands.isEmpty()) {
                take(commands, random); // lost: dead-lettered after its retries, or its reply never sent
            } else if (dice < 80 && !replies.isEmpty()) {
                CheckoutReply reply = take(replies, random);
                apply(saga, order, saga.on(reply, order, TIMING, now));
            } else if (dice < 88) {
                now = now.plusSeconds(random.nextInt(15));
                apply(saga, order, saga.deadlinePassed(order, TIMING, now));
            } else if (dice < 92 && saga.cancellable(order)) {
                apply(saga, order, saga.cancel(order, TIMING, now));
            } else if (dice < 94 && money == Money.CAPTURED && order.status() == OrderStatus.CONFIRMED) {
                money = Money.REFUNDED; // an admin refunds at payment-service, which publishes PaymentRefunded
                replies.add(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
            }
            assertThat(saga.step().equals(CheckoutSagaState.DONE) || saga.deadline() != null)
                    .as("a saga that is not done always has a deadline (%s)", saga.step()).isTrue();
        }

        assertThat(saga.step()).as("seed %d: the saga ended", repetition.getCurrentRepetition()).isEqualTo(CheckoutSagaState.DONE);
        switch (order.status()) {
            case CONFIRMED -> {
                assertThat(stock).isEqualTo(Stock.COMMITTED);
                assertThat(money).isEqualTo(Money.CAPTURED);
            }
            case CANCELLED -> {
                assertThat(stock).isEqualTo(Stock.RETURNED);
                assertThat(money).isEqualTo(Money.REFUNDED);
            }
            case REJECTED -> {
                assertThat(stock).isIn(Stock.NONE, Stock.RELEASED, Stock.REJECTED);
                assertThat(money).isIn(Money.NONE, Money.VOIDED, Money.DECLINED);
            }
            case PENDING -> throw new AssertionError("seed " + repetition.getCurrentRepetition() + ": still PENDING");
        }
    }

    /** Applies a decision as the orchestrator does: moves the order, sends the commands. */
    private void apply(CheckoutSagaState saga, Order order, Decision decision) {
        switch (decision.outcome()) {
            case CONFIRM -> order.confirm(now);
            case REJECT -> order.reject(saga.failureReason(), now);
            case CANCEL -> order.cancel("refunded and restocked", now);
            case NONE -> {
            }
        }
        commands.addAll(decision.commands());
    }

    /** The participants: the reply, or empty when the command must wait (retried later, like a transient failure). */
    private java.util.Optional<CheckoutReply> participant(CheckoutPayload command, boolean outOfStock, boolean declined,
            Random random) {
        String id = command.orderId();
        CheckoutReply reply = switch (command) {
            case ReserveStock r -> {
                if (stock == Stock.NONE) {
                    stock = outOfStock ? Stock.REJECTED : Stock.RESERVED;
                }
                yield stock == Stock.RESERVED || stock == Stock.COMMITTED || stock == Stock.RETURNED
                        ? new StockReserved(id) : new StockUnavailable(id, "OUT_OF_STOCK");
            }
            case ReleaseStock r -> {
                if (stock == Stock.NONE || stock == Stock.RESERVED) {
                    stock = Stock.RELEASED;
                }
                yield new StockReleased(id);
            }
            case CommitStock c -> {
                if (stock == Stock.RESERVED) {
                    stock = Stock.COMMITTED;
                }
                yield stock == Stock.COMMITTED || stock == Stock.RETURNED ? new StockCommitted(id) : null;
            }
            case ReturnStock r -> {
                if (stock == Stock.COMMITTED) {
                    stock = Stock.RETURNED;
                }
                yield stock == Stock.RETURNED ? new StockReturned(id) : null;
            }
            case AuthorizePayment a -> {
                if (money == Money.NONE) {
                    money = declined ? Money.DECLINED : Money.AUTHORIZED;
                }
                yield money == Money.DECLINED || money == Money.VOIDED ? new PaymentDeclined(id, "card_declined")
                        : new PaymentAuthorized(id, "p-1");
            }
            case VoidPayment v -> {
                if (money == Money.NONE || money == Money.AUTHORIZED) {
                    money = Money.VOIDED;
                }
                yield new PaymentVoided(id);
            }
            case CapturePayment c -> {
                if (money == Money.AUTHORIZED) {
                    money = Money.CAPTURED;
                }
                yield money == Money.CAPTURED || money == Money.REFUNDED
                        ? new PaymentCaptured(id, "p-1", "u-1", c.amount(), "USD") : null;
            }
            case RefundPayment r -> {
                if (money == Money.CAPTURED) {
                    money = Money.REFUNDED;
                }
                yield money == Money.REFUNDED ? new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD") : null;
            }
            default -> throw new IllegalArgumentException(command.toString());
        };
        if (reply != null && random.nextInt(4) == 0) {
            replies.add(reply); // delivered twice
        }
        return java.util.Optional.ofNullable(reply);
    }

    private static <T> T take(List<T> queue, Random random) {
        return queue.remove(random.nextInt(queue.size()));
    }
}

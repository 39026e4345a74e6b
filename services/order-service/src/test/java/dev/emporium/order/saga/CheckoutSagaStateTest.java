package dev.emporium.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
import dev.emporium.order.saga.CheckoutSagaState.Decision;
import dev.emporium.order.saga.CheckoutSagaState.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The saga's decisions, without Spring: each path from the issue, plus replies that arrive late, twice, or after
 * the saga gave up. The order is moved the way {@link CheckoutSaga} moves it.
 */
class CheckoutSagaStateTest {

    static final CheckoutSagaState.Timing TIMING = new CheckoutSagaState.Timing(Duration.ofSeconds(10), Duration.ofMinutes(5));

    Instant now = Instant.parse("2026-11-22T12:00:00Z");
    final Order order = OrderMother.pendingOrder();
    final String id = order.id().toString();
    CheckoutSagaState saga;

    @Test
    void happyPathReservesAuthorizesConfirmsThenCapturesAndCommits() {
        CheckoutSagaState.Started started = CheckoutSagaState.start(order, TIMING, now);
        saga = started.saga();
        assertThat(started.command()).isEqualTo(new ReserveStock(id, List.of(new StockCommand.Line(order.items().getFirst().productId(), 2))));
        assertThat(reply(new StockReserved(id)).commands())
                .containsExactly(new AuthorizePayment(id, "u-1", new BigDecimal("79.80"), "USD", "pm_1"));
        Decision pivot = reply(new PaymentAuthorized(id, "p-1"));
        assertThat(pivot.outcome()).isEqualTo(Outcome.CONFIRM);
        assertThat(pivot.commands()).containsExactlyInAnyOrder(new CapturePayment(id, new BigDecimal("79.80")), new CommitStock(id));
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(reply(new PaymentCaptured(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"))).isEqualTo(Decision.NOTHING);
        assertThat(saga.step()).isEqualTo(CheckoutSagaState.COMPLETING);
        reply(new StockCommitted(id));
        assertThat(saga.step()).isEqualTo(CheckoutSagaState.DONE);
        assertThat(saga.deadline()).isNull();
    }

    @Test
    void outOfStockRejectsWithNothingToUndo() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        Decision decision = reply(new StockUnavailable(id, "OUT_OF_STOCK:x"));
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECT);
        assertThat(decision.commands()).isEmpty();
        assertThat(order.failureReason()).isEqualTo(FailureReason.OUT_OF_STOCK);
    }

    @Test
    void aDeclinedPaymentReleasesTheStockBeforeTheOrderIsRejected() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        reply(new StockReserved(id));
        Decision decision = reply(new PaymentDeclined(id, "card_declined"));
        assertThat(decision.commands()).containsExactly(new ReleaseStock(id));
        assertThat(order.status()).as("still PENDING until the stock is back").isEqualTo(OrderStatus.PENDING);
        assertThat(reply(new StockReleased(id)).outcome()).isEqualTo(Outcome.REJECT);
        assertThat(order.failureReason()).isEqualTo(FailureReason.PAYMENT_DECLINED);
        assertThat(order.history()).extracting(c -> c.status()).containsExactly(OrderStatus.PENDING, OrderStatus.REJECTED);
    }

    @Test
    void aStepPastItsDeadlineCompensatesEverythingThatMayHaveHappened() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        reply(new StockReserved(id));
        assertThat(saga.deadlinePassed(order, TIMING, now.plusSeconds(9))).isEqualTo(Decision.NOTHING);
        Decision timeout = saga.deadlinePassed(order, TIMING, now.plusSeconds(11));
        assertThat(timeout.commands()).containsExactlyInAnyOrder(new ReleaseStock(id), new VoidPayment(id));
        assertThat(reply(new PaymentAuthorized(id, "p-late"))).as("too late: ignored").isEqualTo(Decision.NOTHING);
        reply(new PaymentVoided(id));
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(reply(new StockReleased(id)).outcome()).isEqualTo(Outcome.REJECT);
        assertThat(order.failureReason()).isEqualTo(FailureReason.TIMEOUT);
    }

    @Test
    void aReservationThatNeverAnswersIsReleasedAnyway() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        assertThat(saga.deadlinePassed(order, TIMING, now.plusSeconds(10)).commands()).containsExactly(new ReleaseStock(id));
    }

    @Test
    void missingAcknowledgementsAreRequestedAgainWithGrowingIntervals() {
        confirmed();
        Decision first = saga.deadlinePassed(order, TIMING, now.plusSeconds(10));
        assertThat(first.commands()).containsExactlyInAnyOrder(new CapturePayment(id, new BigDecimal("79.80")), new CommitStock(id));
        assertThat(saga.deadline()).isEqualTo(now.plusSeconds(10 + 20));
        reply(new StockCommitted(id));
        Decision second = saga.deadlinePassed(order, TIMING, now.plusSeconds(30));
        assertThat(second.commands()).containsExactly(new CapturePayment(id, new BigDecimal("79.80")));
        assertThat(saga.deadline()).isEqualTo(now.plusSeconds(30 + 40));
        assertThat(order.status()).as("past the pivot the order never goes back").isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void cancellingAConfirmedOrderRefundsAndReturnsTheStock() {
        confirmed();
        settleCompletion();
        assertThat(saga.cancel(order, TIMING, now).commands()).containsExactlyInAnyOrder(new RefundPayment(id), new ReturnStock(id));
        assertThat(saga.cancellable(order)).isFalse();
        reply(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(reply(new StockReturned(id)).outcome()).isEqualTo(Outcome.CANCEL);
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void anAdminRefundCancelsTheOrderAndReturnsItsStock() {
        confirmed();
        settleCompletion();
        Decision decision = reply(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        assertThat(decision.commands()).containsExactly(new ReturnStock(id));
        assertThat(reply(new StockReturned(id)).outcome()).isEqualTo(Outcome.CANCEL);
    }

    @Test
    void onlyAConfirmedOrderCanBeCancelled() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        assertThat(saga.cancellable(order)).isFalse();
        assertThatThrownBy(() -> saga.cancel(order, TIMING, now)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void everyReplyTwiceGivesTheSameEndState() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        List<CheckoutReply> replies = List.of(new StockReserved(id), new PaymentAuthorized(id, "p-1"),
                new PaymentCaptured(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"), new StockCommitted(id));
        int commands = 0;
        for (CheckoutReply r : replies) {
            commands += reply(r).commands().size();
            Decision again = reply(r);
            assertThat(again.commands()).as("a duplicate of %s", r).isEmpty();
            assertThat(again.outcome()).isEqualTo(Outcome.NONE);
        }
        assertThat(commands).isEqualTo(3);
        assertThat(saga.step()).isEqualTo(CheckoutSagaState.DONE);
        assertThat(order.history()).extracting(c -> c.status()).containsExactly(OrderStatus.PENDING, OrderStatus.CONFIRMED);
    }

    @Test
    void aHoldMadeAfterTheSagaGaveUpIsVoidedWithADeadlineBehindIt() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        reply(new StockUnavailable(id, "OUT_OF_STOCK:x"));
        assertThat(reply(new PaymentAuthorized(id, "p-replayed")).commands()).containsExactly(new VoidPayment(id));
        assertThat(saga.deadline()).as("the void is insisted on").isNotNull();
        assertThat(saga.deadlinePassed(order, TIMING, now.plusSeconds(11)).commands()).containsExactly(new VoidPayment(id));
        assertThat(reply(new PaymentVoided(id)).outcome()).as("the order was rejected already").isEqualTo(Outcome.NONE);
        assertThat(saga.step()).isEqualTo(CheckoutSagaState.DONE);
        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void anAuthorizationArrivingWhileCompensatingIsVoidedBeforeTheOrderIsRejected() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        reply(new StockReserved(id));
        reply(new PaymentDeclined(id, "card_declined"));
        assertThat(reply(new PaymentAuthorized(id, "p-odd")).commands()).containsExactly(new VoidPayment(id));
        assertThat(reply(new StockReleased(id)).outcome()).as("waits for the void").isEqualTo(Outcome.NONE);
        assertThat(reply(new PaymentVoided(id)).outcome()).isEqualTo(Outcome.REJECT);
    }

    /** Finding 4: a cancel while the capture is outstanding used to overwrite it; the capture was then never awaited. */
    @Test
    void aCancelWhileTheCaptureIsOutstandingWaitsBehindIt() {
        confirmed();
        assertThat(saga.cancellable(order)).isTrue();
        assertThat(saga.cancel(order, TIMING, now)).as("queued, nothing sent yet").isEqualTo(Decision.NOTHING);
        assertThat(saga.cancellable(order)).as("one cancel is enough").isFalse();
        assertThat(saga.deadlinePassed(order, TIMING, now.plusSeconds(10)).commands()).as("the capture is still insisted on")
                .containsExactlyInAnyOrder(new CapturePayment(id, new BigDecimal("79.80")), new CommitStock(id));
        reply(new PaymentCaptured(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        assertThat(reply(new StockCommitted(id)).commands()).containsExactlyInAnyOrder(new RefundPayment(id), new ReturnStock(id));
        reply(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        assertThat(reply(new StockReturned(id)).outcome()).isEqualTo(Outcome.CANCEL);
    }

    /** Finding 4: an admin refund made before the saga heard of the capture. */
    @Test
    void anAdminRefundBeforeTheCompletionIsAcknowledgedCancelsOnceItIs() {
        confirmed();
        assertThat(reply(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD")).commands()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(reply(new StockCommitted(id)).commands()).as("the refund is done: only the stock goes back")
                .containsExactly(new ReturnStock(id));
        assertThat(reply(new PaymentCaptured(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"))).isEqualTo(Decision.NOTHING);
        assertThat(reply(new StockReturned(id)).outcome()).isEqualTo(Outcome.CANCEL);
        assertThat(saga.step()).isEqualTo(CheckoutSagaState.DONE);
    }

    @Test
    void aCustomerCancelAndAnAdminRefundTogetherCancelOnce() {
        confirmed();
        settleCompletion();
        saga.cancel(order, TIMING, now);
        reply(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        reply(new PaymentRefunded(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        assertThat(reply(new StockReturned(id)).outcome()).isEqualTo(Outcome.CANCEL);
        assertThat(order.history()).extracting(c -> c.status())
                .containsExactly(OrderStatus.PENDING, OrderStatus.CONFIRMED, OrderStatus.CANCELLED);
    }

    private void confirmed() {
        saga = CheckoutSagaState.start(order, TIMING, now).saga();
        reply(new StockReserved(id));
        reply(new PaymentAuthorized(id, "p-1"));
    }

    private void settleCompletion() {
        reply(new PaymentCaptured(id, "p-1", "u-1", new BigDecimal("79.80"), "USD"));
        reply(new StockCommitted(id));
    }

    /** Applies the decision to the order as the orchestrator does. */
    private Decision reply(CheckoutReply reply) {
        Decision decision = saga.on(reply, order, TIMING, now);
        switch (decision.outcome()) {
            case CONFIRM -> order.confirm(now);
            case REJECT -> order.reject(saga.failureReason(), now);
            case CANCEL -> order.cancel("refunded and restocked", now);
            case NONE -> {
            }
        }
        return decision;
    }
}

package dev.emporium.order.saga;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

/** Saga states. Every change loads the state with a row lock, so replies, deadlines and cancels take turns. */
interface SagaStates extends CrudRepository<CheckoutSagaState, UUID>, CheckoutAdmission.Counts {

    /** With a row lock until the transaction ends (a fixed statement: a derived query is re-rendered per call). */
    @Query("select * from checkout_saga where order_id = :orderId for update")
    Optional<CheckoutSagaState> lockByOrderId(UUID orderId);

    @Query("select order_id from checkout_saga where deadline < :now order by deadline limit :limit")
    List<UUID> dueBefore(Instant now, int limit);

    /** Sagas not done that missed a deadline: re-sending commands, or not yet looked at since {@code before}. */
    @Query("select count(*) from checkout_saga where step <> 'DONE' and (attempts > 0 or deadline < :before)")
    long countOverdue(Instant before);

    @Query("select count(*) from checkout_saga where step <> 'DONE'")
    long countActive();

    /**
     * Sagas whose order is not decided yet and that are worked on for the first time (not re-sending to a participant
     * that does not answer). A confirmed order's completion (capture, stock commit) is not counted: the limit is on
     * the time to decision, and every decision brings exactly one completion.
     */
    @Override
    default long countInFlight() {
        return countFirstAttemptsIn(CheckoutSagaState.UNDECIDED);
    }

    @Query("select count(*) from checkout_saga where step in (:steps) and attempts = 0")
    long countFirstAttemptsIn(Collection<String> steps);

    /** Checkouts that reached their decision (CONFIRMED or REJECTED) after {@code since}. */
    @Override
    @Query("select count(*) from order_status_change where at > :since and status in ('CONFIRMED', 'REJECTED')")
    long countDecidedSince(Instant since);
}

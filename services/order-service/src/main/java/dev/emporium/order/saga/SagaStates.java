package dev.emporium.order.saga;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.sql.LockMode;
import org.springframework.data.relational.repository.Lock;
import org.springframework.data.repository.CrudRepository;

/** Saga states. Every change loads the state with a row lock, so replies, deadlines and cancels take turns. */
interface SagaStates extends CrudRepository<CheckoutSagaState, UUID> {

    @Lock(LockMode.PESSIMISTIC_WRITE)
    Optional<CheckoutSagaState> findByOrderId(UUID orderId);

    @Query("select order_id from checkout_saga where deadline < :now order by deadline limit :limit")
    List<UUID> dueBefore(Instant now, int limit);
}

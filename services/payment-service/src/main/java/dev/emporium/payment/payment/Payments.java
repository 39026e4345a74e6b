package dev.emporium.payment.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

/** All payments. Reads only: every change is a conditional update in {@link IntentLog}. */
interface Payments extends CrudRepository<Payment, UUID> {

    // fixed statements: Spring Data JDBC renders a derived query's SQL on every call, measurable per checkout
    @Query("select * from payment where order_id = :orderId")
    Optional<Payment> findByOrderId(String orderId);

    @Query("select * from payment where order_id = :orderId order by created_at")
    List<Payment> findByOrderIdOrderByCreatedAt(String orderId);

    /** Intents nobody is working on (no lease, or an expired one) recorded before {@code before}. */
    @Query("""
            select * from payment where intent is not null and intent_since < :before
            and (intent_lease_until is null or intent_lease_until < :now) order by intent_since limit :limit""")
    List<Payment> findAbandonedIntents(Instant before, Instant now, int limit);

    @Query("select * from payment where intent is not null order by intent_since limit :limit")
    List<Payment> findPendingIntents(int limit);

    @Query("select count(*) from payment where intent is not null")
    long countPendingIntents();

    @Query("select * from payment where updated_at >= :since order by updated_at desc limit :limit")
    List<Payment> findUpdatedSince(Instant since, int limit);
}

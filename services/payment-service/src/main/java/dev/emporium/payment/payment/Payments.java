package dev.emporium.payment.payment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.CrudRepository;

/** All payments. */
interface Payments extends CrudRepository<Payment, UUID> {

    // fixed statements: Spring Data JDBC renders a derived query's SQL on every call, measurable per checkout
    @Query("select * from payment where order_id = :orderId")
    Optional<Payment> findByOrderId(String orderId);

    @Query("select * from payment where order_id = :orderId order by created_at")
    List<Payment> findByOrderIdOrderByCreatedAt(String orderId);
}

package dev.emporium.payment.payment;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.repository.CrudRepository;

/** All payments. */
interface Payments extends CrudRepository<Payment, UUID> {

    Optional<Payment> findByOrderId(String orderId);

    List<Payment> findByOrderIdOrderByCreatedAt(String orderId);
}

package dev.emporium.order.order;

import java.util.Optional;
import java.util.UUID;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.PagingAndSortingRepository;

/** All orders. */
public interface Orders extends CrudRepository<Order, UUID>, PagingAndSortingRepository<Order, UUID> {

    Optional<Order> findByUserIdAndIdempotencyKey(String userId, String idempotencyKey);

    Page<Order> findByUserId(String userId, Pageable page);

    Page<Order> findByUserIdAndStatus(String userId, OrderStatus status, Pageable page);

    Page<Order> findByStatus(OrderStatus status, Pageable page);
}

package dev.emporium.order.order;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Table;

/** One entry of the order's timeline. */
@Table("order_status_change")
public record StatusChange(OrderStatus status, Instant at, String reason) {
}

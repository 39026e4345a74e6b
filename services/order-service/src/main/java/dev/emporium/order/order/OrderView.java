package dev.emporium.order.order;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The contract's order: no token, no card number. */
public record OrderView(UUID id, String userId, OrderStatus status, List<Line> items, BigDecimal total, String currency,
        ShippingAddress shippingAddress, String cardLast4, Instant createdAt, Instant updatedAt, List<Change> history,
        FailureReason failureReason) {

    public static OrderView of(Order order) {
        return new OrderView(order.id(), order.userId(), order.status(),
                order.items().stream().map(l -> new Line(l.productId(), l.sku(), l.name(), l.unitPrice(), l.quantity(),
                        l.lineTotal())).toList(),
                order.total(), order.currency(), order.shippingAddress(), order.cardLast4(), order.createdAt(),
                order.updatedAt(),
                order.history().stream().map(c -> new Change(c.status(), c.at(), c.reason())).toList(),
                order.failureReason());
    }

    public record Line(UUID productId, String sku, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {
    }

    public record Change(OrderStatus status, Instant at, String reason) {
    }
}

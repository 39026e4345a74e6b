package dev.emporium.order.saga;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.emporium.order.order.Order;
import dev.emporium.order.order.OrderLine;
import dev.emporium.order.order.ShippingAddress;

/** Orders for tests. */
final class OrderMother {

    private OrderMother() {
    }

    /** Two kettles at 39.90 USD for u-1, paid with token pm_1 (card ending 4242). */
    static Order pendingOrder() {
        OrderLine kettles = new OrderLine(UUID.randomUUID(), "KIT-001", "Kettle", new BigDecimal("39.90"), 2,
                new BigDecimal("79.80"));
        return Order.place("u-1", List.of(kettles), "USD", new ShippingAddress("Ada", "1 Loop St", "Springfield", "12345", "US"),
                "4242", "pm_1", null, null, Instant.parse("2026-11-22T12:00:00Z"));
    }
}

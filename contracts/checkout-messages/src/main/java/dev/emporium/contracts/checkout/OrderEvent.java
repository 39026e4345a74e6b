package dev.emporium.contracts.checkout;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** order-service's integration events, on {@link CheckoutTopics#ORDER_EVENTS}, for notifications and analytics. */
public sealed interface OrderEvent extends CheckoutPayload {

    String userId();

    /** Accepted (202) and PENDING: the saga starts. */
    record OrderPlaced(String orderId, String userId, BigDecimal total, String currency, List<Item> items)
            implements OrderEvent {
    }

    record OrderConfirmed(String orderId, String userId, BigDecimal total, String currency, List<Item> items)
            implements OrderEvent {
    }

    /** @param reason {@code OUT_OF_STOCK}, {@code PAYMENT_DECLINED} or {@code TIMEOUT} */
    record OrderRejected(String orderId, String userId, String reason, BigDecimal total, String currency)
            implements OrderEvent {
    }

    /** Refunded and restocked. */
    record OrderCancelled(String orderId, String userId, BigDecimal total, String currency) implements OrderEvent {
    }

    /** A line as it was sold: name and price are the snapshot taken when the order was placed. */
    record Item(UUID productId, String sku, String name, BigDecimal unitPrice, int quantity) {
    }
}

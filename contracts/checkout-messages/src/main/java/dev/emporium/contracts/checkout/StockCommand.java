package dev.emporium.contracts.checkout;

import java.util.List;
import java.util.UUID;

/** order-service → product-service, on {@link CheckoutTopics#STOCK_COMMANDS}. Each is idempotent per order. */
public sealed interface StockCommand extends CheckoutPayload {

    /** Hold these units for the order, all lines or none. Replies StockReserved or StockUnavailable. */
    record ReserveStock(String orderId, List<Line> lines) implements StockCommand {
    }

    /** Compensation: the held units are available again (also when nothing was reserved). Replies StockReleased. */
    record ReleaseStock(String orderId) implements StockCommand {
    }

    /** After the order is confirmed: the held units are sold. Replies StockCommitted. */
    record CommitStock(String orderId) implements StockCommand {
    }

    /** A confirmed order was cancelled: the sold units are available again. Replies StockReturned. */
    record ReturnStock(String orderId) implements StockCommand {
    }

    record Line(UUID productId, int quantity) {
    }
}

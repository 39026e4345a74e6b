package dev.emporium.order.order;

/**
 * PENDING is the saga's semantic lock: PENDING → CONFIRMED | REJECTED; CONFIRMED → CANCELLED.
 */
public enum OrderStatus {
    PENDING, CONFIRMED, REJECTED, CANCELLED
}

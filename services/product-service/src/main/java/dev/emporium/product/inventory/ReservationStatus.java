package dev.emporium.product.inventory;

/** Where a reservation is; it only moves forward. */
public enum ReservationStatus {
    /** Units held for the order, until committed, released or expired. */
    RESERVED,
    /** Stock was short (or a product unknown or deleted): nothing is held. */
    REJECTED,
    /** The order was confirmed: the units are sold. */
    COMMITTED,
    /** Given back before the sale (payment failed, timeout, expiry). */
    RELEASED,
    /** Given back after the sale (the order was cancelled). */
    RETURNED
}

package dev.emporium.product.inventory;

/** Where a reservation is; it only moves forward. */
public enum ReservationStatus {
    /** Units held for the order until its saga commits or releases them; no clock ends a hold. */
    RESERVED,
    /** Stock was short (or a product unknown or deleted): nothing is held. */
    REJECTED,
    /** The order was confirmed: the units are sold. */
    COMMITTED,
    /** Given back before the sale (payment refused, the saga's deadline passed), or released before it was reserved. */
    RELEASED,
    /** Given back after the sale (the order was cancelled). */
    RETURNED
}

package dev.emporium.product.inventory;

/**
 * The outcome of a reservation command: the reservation's status after it, and why when REJECTED.
 * The same command twice gives the same answer and has one effect.
 */
public record Reservation(String orderId, ReservationStatus status, String reason) {
}

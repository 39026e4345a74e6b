package dev.emporium.notification.notification;

/**
 * What a notification is about (the contract's {@code type}). PAYMENT_REFUNDED comes from payment-events; an
 * admin's refund also cancels the order, so its customer gets ORDER_CANCELLED too (one says the order is cancelled,
 * the other that the money went back).
 */
public enum NotificationType {
    WELCOME, ORDER_CONFIRMED, ORDER_REJECTED, ORDER_CANCELLED, PAYMENT_REFUNDED
}

package dev.emporium.notification.notification;

/** What a notification is about (the contract's {@code type}). */
public enum NotificationType {
    WELCOME, ORDER_CONFIRMED, ORDER_REJECTED, ORDER_CANCELLED
}

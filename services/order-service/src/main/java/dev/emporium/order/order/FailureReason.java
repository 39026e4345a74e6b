package dev.emporium.order.order;

/** Why an order was REJECTED. */
public enum FailureReason {
    OUT_OF_STOCK, PAYMENT_DECLINED, TIMEOUT
}

package dev.emporium.payment.payment;

/** The contract's payment statuses. */
public enum PaymentStatus {
    AUTHORIZED, CAPTURED, DECLINED, VOIDED, REFUNDED
}

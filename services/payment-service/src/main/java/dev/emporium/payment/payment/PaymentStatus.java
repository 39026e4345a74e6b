package dev.emporium.payment.payment;

/**
 * A payment's status: the contract's five, and AUTHORIZING, which exists only in this service — the authorization
 * was recorded and sent, its answer is not known yet. The API does not show AUTHORIZING payments.
 */
public enum PaymentStatus {
    AUTHORIZING, AUTHORIZED, CAPTURED, DECLINED, VOIDED, REFUNDED
}

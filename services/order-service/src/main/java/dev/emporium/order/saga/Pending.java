package dev.emporium.order.saga;

/**
 * An acknowledgement the saga waits for, after the decision is made (completing, compensating or cancelling).
 * Each names the reply that settles it; the command is re-sent while it is missing.
 */
enum Pending {
    CAPTURE_PAYMENT, COMMIT_STOCK, RELEASE_STOCK, VOID_PAYMENT, REFUND_PAYMENT, RETURN_STOCK
}

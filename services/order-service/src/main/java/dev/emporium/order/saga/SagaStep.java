package dev.emporium.order.saga;

/** Where an order's checkout saga is. */
public enum SagaStep {
    /** ReserveStock sent; waits for StockReserved | StockUnavailable. */
    RESERVING_STOCK,
    /** AuthorizePayment sent; waits for PaymentAuthorized | PaymentDeclined. */
    AUTHORIZING_PAYMENT,
    /** Past the pivot (order CONFIRMED); CapturePayment and CommitStock sent, waits for both. */
    COMPLETING,
    /** Undoing what was done (ReleaseStock, VoidPayment); the order becomes REJECTED when all are acknowledged. */
    COMPENSATING,
    /** A confirmed order is being cancelled (RefundPayment, ReturnStock); then CANCELLED. */
    CANCELLING,
    /** Nothing left to do. */
    DONE
}

package dev.emporium.contracts.checkout;

/**
 * product-service and payment-service → order-service, on {@link CheckoutTopics#CHECKOUT_REPLIES}: what a command
 * did. The same command twice gets the same reply.
 */
public sealed interface CheckoutReply extends CheckoutPayload
        permits CheckoutReply.StockReserved, CheckoutReply.StockUnavailable, CheckoutReply.StockReleased,
        CheckoutReply.StockCommitted, CheckoutReply.StockReturned, CheckoutReply.PaymentAuthorized,
        CheckoutReply.PaymentDeclined, CheckoutReply.PaymentVoided, PaymentEvent.PaymentCaptured,
        PaymentEvent.PaymentRefunded {

    record StockReserved(String orderId) implements CheckoutReply {
    }

    /** @param reason e.g. {@code OUT_OF_STOCK:<productId>} */
    record StockUnavailable(String orderId, String reason) implements CheckoutReply {
    }

    record StockReleased(String orderId) implements CheckoutReply {
    }

    record StockCommitted(String orderId) implements CheckoutReply {
    }

    record StockReturned(String orderId) implements CheckoutReply {
    }

    record PaymentAuthorized(String orderId, String paymentId) implements CheckoutReply {
    }

    /** @param reason the processor's: {@code card_declined}, {@code insufficient_funds}, {@code processor_unavailable} */
    record PaymentDeclined(String orderId, String reason) implements CheckoutReply {
    }

    record PaymentVoided(String orderId) implements CheckoutReply {
    }
}

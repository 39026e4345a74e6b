package dev.emporium.contracts.checkout;

import java.math.BigDecimal;

/**
 * payment-service's integration events, on {@link CheckoutTopics#PAYMENT_EVENTS}, for anyone (notifications,
 * analytics, order-service for refunds an admin made). Captured and refunded are also the replies to the saga's
 * capture and refund commands.
 */
public sealed interface PaymentEvent extends CheckoutPayload {

    record PaymentCaptured(String orderId, String paymentId, String userId, BigDecimal amount, String currency)
            implements PaymentEvent, CheckoutReply {
    }

    record PaymentRefunded(String orderId, String paymentId, String userId, BigDecimal amount, String currency)
            implements PaymentEvent, CheckoutReply {
    }
}

package dev.emporium.contracts.checkout;

import java.math.BigDecimal;

/**
 * order-service → payment-service, on {@link CheckoutTopics#PAYMENT_COMMANDS}. Each is idempotent per order.
 * A card travels only as the payment-method token payment-service issued for it, never as its number.
 */
public sealed interface PaymentCommand extends CheckoutPayload {

    /** Hold the order total on the card. Replies PaymentAuthorized or PaymentDeclined. */
    record AuthorizePayment(String orderId, String userId, BigDecimal amount, String currency, String paymentMethodToken)
            implements PaymentCommand {
    }

    /** Take the held amount (at most once per order). Replies PaymentCaptured. */
    record CapturePayment(String orderId, BigDecimal amount) implements PaymentCommand {
    }

    /** Compensation before capture: release the hold (also when nothing was authorized). Replies PaymentVoided. */
    record VoidPayment(String orderId) implements PaymentCommand {
    }

    /** A confirmed order was cancelled: give the captured amount back. Replies PaymentRefunded. */
    record RefundPayment(String orderId) implements PaymentCommand {
    }
}

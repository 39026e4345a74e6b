package dev.emporium.contracts.checkout;

/** Topic names; every message on them is keyed by order id. Documented in docs/events.md. */
public final class CheckoutTopics {

    public static final String STOCK_COMMANDS = "stock-commands";
    public static final String PAYMENT_COMMANDS = "payment-commands";
    public static final String CHECKOUT_REPLIES = "checkout-replies";
    public static final String ORDER_EVENTS = "order-events";
    public static final String PAYMENT_EVENTS = "payment-events";

    private CheckoutTopics() {
    }
}

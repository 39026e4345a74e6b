package dev.emporium.notification.messaging;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentEvent;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentCaptured;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.notification.notification.Notifications;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * payment-events → PAYMENT_REFUNDED notifications. PaymentCaptured is deliberately not notified (ORDER_CONFIRMED
 * already tells the customer the card was charged) and is simply consumed; the switch over the sealed
 * {@link PaymentEvent} makes a new payment event a compile-time decision here. A record that cannot be read or
 * applied (e.g. a refund for a user not known yet) fails and is handled by the service defaults' error handler
 * (retried, dead-lettered to {@code payment-events.DLT}).
 */
@Component
class PaymentEventsListener {

    private final Notifications notifications;

    PaymentEventsListener(Notifications notifications) {
        this.notifications = notifications;
    }

    @KafkaListener(topics = CheckoutTopics.PAYMENT_EVENTS, groupId = "notification-service")
    void on(ConsumerRecord<String, String> record) {
        CheckoutMessage<CheckoutPayload> message = CheckoutMessage.read(record.value());
        if (message.data() instanceof PaymentEvent event) {
            switch (event) {
                case PaymentRefunded refunded -> notifications.refunded(message.id(), refunded);
                case PaymentCaptured captured -> {
                    // not a notification of its own: the confirmation email already said the card was charged
                }
            }
        }
    }
}

package dev.emporium.notification.messaging;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.OrderEvent;
import dev.emporium.notification.notification.Notifications;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * order-events → ORDER_CONFIRMED / ORDER_REJECTED / ORDER_CANCELLED notifications. OrderPlaced is not notified.
 * A record that cannot be read or applied is retried, then dead-lettered to {@code order-events.DLT}.
 */
@Component
class OrderEventsListener {

    private final Notifications notifications;

    OrderEventsListener(Notifications notifications) {
        this.notifications = notifications;
    }

    @KafkaListener(topics = CheckoutTopics.ORDER_EVENTS, groupId = "notification-service")
    void on(ConsumerRecord<String, String> record) {
        CheckoutMessage<CheckoutPayload> message = CheckoutMessage.read(record.value());
        if (message.data() instanceof OrderEvent event) {
            notifications.order(message.id(), event);
        }
    }
}

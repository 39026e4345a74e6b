package dev.emporium.order.saga;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Replies from the participants, and payment events (a refund an admin made cancels the order). A record that
 * cannot be read or applied is retried, then dead-lettered to {@code <topic>.DLT} by the service defaults.
 */
@Component
class SagaReplyListener {

    private final CheckoutSaga saga;

    SagaReplyListener(CheckoutSaga saga) {
        this.saga = saga;
    }

    /** Takes the record itself: with Modulith's JSON message converter present, a String parameter would be re-parsed. */
    @KafkaListener(topics = {CheckoutTopics.CHECKOUT_REPLIES, CheckoutTopics.PAYMENT_EVENTS}, groupId = "order-service")
    void on(ConsumerRecord<String, String> record) {
        saga.handle(CheckoutMessage.read(record.value()));
    }
}

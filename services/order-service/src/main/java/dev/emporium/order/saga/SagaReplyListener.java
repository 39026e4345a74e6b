package dev.emporium.order.saga;

import java.util.List;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.platform.defaults.messaging.BatchTransactions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Replies from the participants, and refunds from payment-events (a refund an admin made cancels the order),
 * applied a poll batch per transaction ({@link BatchTransactions}). A record that cannot be read or applied is
 * retried, then dead-lettered to {@code <topic>.DLT} by the service defaults.
 */
@Component
class SagaReplyListener {

    private final CheckoutSaga saga;
    private final BatchTransactions batches;

    SagaReplyListener(CheckoutSaga saga, BatchTransactions batches) {
        this.saga = saga;
        this.batches = batches;
    }

    /** Takes the records themselves: with Modulith's JSON message converter present, Strings would be re-parsed. */
    @KafkaListener(topics = {CheckoutTopics.CHECKOUT_REPLIES, CheckoutTopics.PAYMENT_EVENTS}, groupId = "order-service",
            batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply("order-service.saga-replies", records, record -> {
            CheckoutMessage<CheckoutPayload> message = CheckoutMessage.read(record.value());
            if (forTheSaga(record.topic(), message)) {
                saga.handle(message);
            }
        });
    }

    /**
     * Everything on checkout-replies; from payment-events only refunds. A capture is acknowledged by its reply on
     * checkout-replies; the PaymentCaptured event beside it is for analytics and notifications (docs/events.md), and
     * applying it cost the saga a transaction per order that changed nothing.
     */
    private static boolean forTheSaga(String topic, CheckoutMessage<CheckoutPayload> message) {
        return !topic.equals(CheckoutTopics.PAYMENT_EVENTS) || message.data() instanceof PaymentRefunded;
    }
}

package dev.emporium.order.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.CheckoutReply;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentAuthorized;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentDeclined;
import dev.emporium.contracts.checkout.CheckoutReply.PaymentVoided;
import dev.emporium.contracts.checkout.CheckoutReply.StockCommitted;
import dev.emporium.contracts.checkout.CheckoutReply.StockReleased;
import dev.emporium.contracts.checkout.CheckoutReply.StockReserved;
import dev.emporium.contracts.checkout.CheckoutReply.StockReturned;
import dev.emporium.contracts.checkout.CheckoutReply.StockUnavailable;
import dev.emporium.contracts.checkout.CheckoutTopics;
import dev.emporium.contracts.checkout.PaymentCommand.AuthorizePayment;
import dev.emporium.contracts.checkout.PaymentCommand.CapturePayment;
import dev.emporium.contracts.checkout.PaymentCommand.RefundPayment;
import dev.emporium.contracts.checkout.PaymentCommand.VoidPayment;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentCaptured;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.contracts.checkout.StockCommand.CommitStock;
import dev.emporium.contracts.checkout.StockCommand.ReleaseStock;
import dev.emporium.contracts.checkout.StockCommand.ReserveStock;
import dev.emporium.contracts.checkout.StockCommand.ReturnStock;
import dev.emporium.testsupport.KafkaTopics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stand-ins for product-service and payment-service on the real (embedded) broker: they read the saga's commands
 * and answer as the real participants do, so order-service is tested through Kafka on its own. Scripted per
 * product (out of stock) and per payment token (declined, silent). With {@link #duplicateEverything} every reply
 * is sent twice with the same id and once more with a new id, as a redelivering broker and a re-sending
 * participant would. (The real participants run together in tests/platform-e2e.)
 */
final class FakeParticipants implements AutoCloseable {

    final Set<UUID> outOfStock = ConcurrentHashMap.newKeySet();
    final Set<String> declinedTokens = ConcurrentHashMap.newKeySet();
    final Set<String> silentTokens = ConcurrentHashMap.newKeySet();
    final List<CheckoutPayload> commands = new CopyOnWriteArrayList<>();
    final Map<String, String> userOfOrder = new ConcurrentHashMap<>();
    volatile boolean duplicateEverything;
    final List<Throwable> failures = new CopyOnWriteArrayList<>();

    private final JsonMapper json = JsonMapper.builder().build();
    private final KafkaTopics topics;
    private final Thread loop;
    private volatile boolean running = true;

    FakeParticipants(String brokers) {
        topics = new KafkaTopics(brokers);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "fake-participants-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(CheckoutTopics.STOCK_COMMANDS, CheckoutTopics.PAYMENT_COMMANDS));
        loop = Thread.ofPlatform().daemon().name("fake-participants").start(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        try {
                            answer(CheckoutMessage.read(record.value()).data());
                        } catch (RuntimeException | Error e) {
                            failures.add(e);
                            System.err.println("FAKE PARTICIPANT FAILED on " + record.value() + ": " + e);
                        }
                    }
                }
            }
        });
    }

    long count(Class<? extends CheckoutPayload> type, String orderId) {
        return commands.stream().filter(type::isInstance).filter(c -> c.orderId().equals(orderId)).count();
    }

    /** Sends a message as a participant would, e.g. an admin's refund from payment-service; returns its id. */
    String send(String topic, CheckoutPayload payload) {
        CheckoutMessage<?> message = CheckoutMessage.of("/test", payload, Instant.now());
        topics.send(topic, message.key(), json.writeValueAsString(message));
        return message.id();
    }

    private void answer(CheckoutPayload command) {
        commands.add(command);
        String order = command.orderId();
        CheckoutReply reply = switch (command) {
            case ReserveStock r -> r.lines().stream().anyMatch(l -> outOfStock.contains(l.productId()))
                    ? new StockUnavailable(order, "OUT_OF_STOCK") : new StockReserved(order);
            case ReleaseStock r -> new StockReleased(order);
            case CommitStock r -> new StockCommitted(order);
            case ReturnStock r -> new StockReturned(order);
            case AuthorizePayment a -> {
                userOfOrder.put(order, a.userId());
                if (silentTokens.contains(a.paymentMethodToken())) {
                    yield null;
                }
                yield declinedTokens.contains(a.paymentMethodToken()) ? new PaymentDeclined(order, "card_declined")
                        : new PaymentAuthorized(order, "pay-" + order);
            }
            case CapturePayment c -> new PaymentCaptured(order, "pay-" + order, userOfOrder.get(order), c.amount(), "USD");
            case VoidPayment v -> new PaymentVoided(order);
            case RefundPayment r -> new PaymentRefunded(order, "pay-" + order, userOfOrder.get(order), null, "USD");
            default -> throw new IllegalArgumentException("Not a command: " + command);
        };
        if (reply == null) {
            return;
        }
        CheckoutMessage<?> message = CheckoutMessage.of("/test", reply, Instant.now());
        String text = json.writeValueAsString(message);
        topics.send(CheckoutTopics.CHECKOUT_REPLIES, order, text);
        if (duplicateEverything) {
            topics.send(CheckoutTopics.CHECKOUT_REPLIES, order, text);
            topics.send(CheckoutTopics.CHECKOUT_REPLIES, order, json.writeValueAsString(CheckoutMessage.of("/test", reply, Instant.now())));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        loop.join(5_000);
        topics.close();
    }
}

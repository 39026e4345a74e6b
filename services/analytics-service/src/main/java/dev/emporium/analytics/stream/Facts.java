package dev.emporium.analytics.stream;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.emporium.analytics.stream.Fact.Kind;
import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.checkout.CheckoutPayload;
import dev.emporium.contracts.checkout.OrderEvent;
import dev.emporium.contracts.checkout.PaymentEvent;
import dev.emporium.contracts.user.UserRegistered;
import org.apache.kafka.streams.KeyValue;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns an event (a CloudEvents JSON document) into the facts it states, each under the key that names it. What is
 * not for analytics (another type) gives none; what cannot be read gives none and is reported to {@code skipped}
 * with the reason, never stopping the stream (the services that act on these events dead-letter them already).
 */
final class Facts {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Consumer<String> skipped;

    Facts(Consumer<String> skipped) {
        this.skipped = skipped;
    }

    /** From {@code order-events} and {@code payment-events}. */
    List<KeyValue<String, Fact>> ofCheckout(String json) {
        CheckoutMessage<CheckoutPayload> message;
        try {
            message = CheckoutMessage.read(json);
        } catch (CheckoutMessage.UnreadableMessage e) {
            skipped.accept("unreadable");
            return List.of();
        }
        Instant at = message.time();
        if (at == null) {
            skipped.accept("no-time");
            return List.of();
        }
        try {
            List<KeyValue<String, Fact>> facts = facts(message, at);
            if (facts.stream().anyMatch(fact -> !complete(fact.value))) {
                skipped.accept("incomplete");
                return List.of();
            }
            return facts;
        } catch (RuntimeException e) { // a field the contract says is there is not (a null item, say)
            skipped.accept("incomplete");
            return List.of();
        }
    }

    /** A fact the figures can add up: an amount and a currency where they count money, a product for a line. */
    private static boolean complete(Fact fact) {
        return switch (fact.kind()) {
            case SIGNUP -> fact.at() != null;
            case REJECTED, CANCELLED -> fact.currency() != null;
            case PLACED, CONFIRMED, CAPTURED, REFUNDED -> fact.currency() != null && fact.amount() != null;
            case LINE -> fact.currency() != null && fact.amount() != null && fact.productId() != null;
        };
    }

    private static List<KeyValue<String, Fact>> facts(CheckoutMessage<CheckoutPayload> message, Instant at) {
        String order = "order:" + message.data().orderId() + ":";
        return switch (message.data()) {
            case OrderEvent.OrderPlaced placed -> List.of(KeyValue.pair(order + Kind.PLACED,
                    new Fact(Kind.PLACED, at, placed.currency(), placed.total(), units(placed.items()), null, null,
                            null, null)));
            case OrderEvent.OrderConfirmed confirmed -> {
                List<KeyValue<String, Fact>> facts = new ArrayList<>();
                facts.add(KeyValue.pair(order + Kind.CONFIRMED, new Fact(Kind.CONFIRMED, at, confirmed.currency(),
                        confirmed.total(), units(confirmed.items()), null, null, null, null)));
                List<OrderEvent.Item> items = confirmed.items() == null ? List.of() : confirmed.items();
                for (int line = 0; line < items.size(); line++) {
                    OrderEvent.Item item = items.get(line);
                    facts.add(KeyValue.pair(order + Kind.LINE + ":" + line, new Fact(Kind.LINE, at,
                            confirmed.currency(), item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())),
                            item.quantity(), null, item.productId() == null ? null : item.productId().toString(), item.sku(),
                            item.name())));
                }
                yield facts;
            }
            case OrderEvent.OrderRejected rejected -> List.of(KeyValue.pair(order + Kind.REJECTED,
                    new Fact(Kind.REJECTED, at, rejected.currency(), rejected.total(), 0, rejected.reason(), null,
                            null, null)));
            case OrderEvent.OrderCancelled cancelled -> List.of(KeyValue.pair(order + Kind.CANCELLED,
                    Fact.of(Kind.CANCELLED, at, cancelled.currency(), cancelled.total())));
            case PaymentEvent.PaymentCaptured captured -> List.of(KeyValue.pair(order + Kind.CAPTURED,
                    Fact.of(Kind.CAPTURED, at, captured.currency(), captured.amount())));
            case PaymentEvent.PaymentRefunded refunded -> List.of(KeyValue.pair(order + Kind.REFUNDED,
                    Fact.of(Kind.REFUNDED, at, refunded.currency(), refunded.amount())));
            default -> List.of();
        };
    }

    /** From {@code user-events}: a sign-up, counted on the day the account was created. */
    List<KeyValue<String, Fact>> ofUser(String json) {
        try {
            JsonNode event = JSON.readTree(json);
            if (!UserRegistered.TYPE.equals(event.path("type").asString(""))) {
                return List.of();
            }
            JsonNode data = event.path("data");
            String userId = data.path("userId").asString(null);
            String when = data.hasNonNull("registeredAt") ? data.get("registeredAt").asString()
                    : event.path("time").asString(null);
            if (userId == null || when == null) {
                skipped.accept("unreadable");
                return List.of();
            }
            return List.of(KeyValue.pair("user:" + userId + ":" + Kind.SIGNUP,
                    Fact.of(Kind.SIGNUP, Instant.parse(when), null, BigDecimal.ZERO)));
        } catch (RuntimeException e) {
            skipped.accept("unreadable");
            return List.of();
        }
    }

    private static long units(List<OrderEvent.Item> items) {
        return items == null ? 0 : items.stream().mapToLong(OrderEvent.Item::quantity).sum();
    }
}

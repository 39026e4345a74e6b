package dev.emporium.contracts.checkout;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkout message as a CloudEvents 1.0 structured-mode JSON message ({@code application/cloudevents+json}).
 *
 * @param id unique per message: consumers record it to recognise a redelivery
 * @param source the sending service, e.g. {@code /emporium/order-service}
 * @param type {@link CheckoutPayload#typeOf(Class)} of the data
 * @param subject the order id, also the Kafka key
 */
@JsonDeserialize(using = CheckoutMessage.Deserializer.class)
public record CheckoutMessage<T extends CheckoutPayload>(String specversion, String id, String source, String type,
        Instant time, String subject, String datacontenttype, T data) {

    /** Tolerant of unknown fields; amounts stay exact BigDecimals, scale included (79.80, not 79.8). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    public static <T extends CheckoutPayload> CheckoutMessage<T> of(String source, T data, Instant time) {
        return new CheckoutMessage<>("1.0", UUID.randomUUID().toString(), source, CheckoutPayload.typeOf(data.getClass()),
                time, data.orderId(), "application/json", data);
    }

    /**
     * For a fact that happens at most once per order (OrderConfirmed, PaymentCaptured, ...): the id is derived from
     * the type and the order, so publishing it again (after a crash, a redelivered command) gives the same id and
     * consumers recognise the duplicate.
     */
    public static <T extends CheckoutPayload> CheckoutMessage<T> once(String source, T data, Instant time) {
        String type = CheckoutPayload.typeOf(data.getClass());
        String id = UUID.nameUUIDFromBytes((type + "/" + data.orderId()).getBytes(StandardCharsets.UTF_8)).toString();
        return new CheckoutMessage<>("1.0", id, source, type, time, data.orderId(), "application/json", data);
    }

    /** The Kafka key. */
    public String key() {
        return subject;
    }

    /** Addressed to a topic: what a service publishes into its outbox. */
    public Outbound to(String topic) {
        return new Outbound(topic, this);
    }

    /**
     * Reads a message back into its record. Unknown fields are ignored (a newer sender may add some); an unknown
     * type, a missing id or unreadable JSON is an {@link UnreadableMessage}, which consumers dead-letter.
     */
    public static CheckoutMessage<CheckoutPayload> read(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (RuntimeException e) {
            throw new UnreadableMessage("Not JSON: " + e.getMessage());
        }
        return fromTree(tree);
    }

    private static CheckoutMessage<CheckoutPayload> fromTree(JsonNode tree) {
        try {
            String type = tree.path("type").asString(null);
            String id = tree.path("id").asString(null);
            Class<? extends CheckoutPayload> dataType = CheckoutPayload.classOf(type)
                    .orElseThrow(() -> new UnreadableMessage("Unknown message type " + type));
            if (id == null || id.isBlank() || !tree.hasNonNull("data")) {
                throw new UnreadableMessage("A message needs an id and data");
            }
            CheckoutPayload data = JSON.treeToValue(tree.get("data"), dataType);
            Instant time = tree.hasNonNull("time") ? Instant.parse(tree.get("time").asString()) : null;
            return new CheckoutMessage<>(tree.path("specversion").asString("1.0"), id, tree.path("source").asString(null),
                    type, time, tree.path("subject").asString(data.orderId()), tree.path("datacontenttype").asString(null),
                    data);
        } catch (UnreadableMessage e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnreadableMessage("Not a checkout message: " + e.getMessage());
        }
    }

    /**
     * Lets any Jackson mapper read a message back with its typed data, e.g. Spring Modulith when it resubmits an
     * outbox entry after a restart.
     */
    static final class Deserializer extends ValueDeserializer<CheckoutMessage<?>> {

        @Override
        public CheckoutMessage<?> deserialize(JsonParser parser, DeserializationContext context) {
            return fromTree(context.readTree(parser));
        }
    }

    /** A message handed to the outbox, with the topic it is for. */
    public record Outbound(String topic, CheckoutMessage<?> message) {
    }

    /** A record that can never be processed: retrying will not help. */
    public static class UnreadableMessage extends RuntimeException {
        public UnreadableMessage(String message) {
            super(message);
        }
    }
}

package dev.emporium.contracts.checkout;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The data of every checkout message. Each is about one order, and the order id is the Kafka key, so all
 * messages of one order stay in order on their topic. The CloudEvents {@code type} of a payload is
 * {@code dev.emporium.<RecordName>.v1}.
 */
public sealed interface CheckoutPayload permits StockCommand, PaymentCommand, CheckoutReply, OrderEvent, PaymentEvent {

    String orderId();

    /** The CloudEvents type of a payload class. */
    static String typeOf(Class<? extends CheckoutPayload> payload) {
        return "dev.emporium." + payload.getSimpleName() + ".v1";
    }

    /** The record class of a CloudEvents type, if it is one of ours. */
    static Optional<Class<? extends CheckoutPayload>> classOf(String type) {
        return Optional.ofNullable(Registry.BY_TYPE.get(type));
    }

    /** Every concrete payload, found by walking the sealed hierarchy: a new record cannot be forgotten here. */
    final class Registry {

        static final Map<String, Class<? extends CheckoutPayload>> BY_TYPE = records(CheckoutPayload.class)
                .collect(Collectors.toUnmodifiableMap(CheckoutPayload::typeOf, Function.identity(), (a, b) -> a));

        private Registry() {
        }

        @SuppressWarnings("unchecked")
        private static Stream<Class<? extends CheckoutPayload>> records(Class<?> type) {
            if (type.isRecord()) {
                return Stream.of((Class<? extends CheckoutPayload>) type);
            }
            return Arrays.stream(type.getPermittedSubclasses()).flatMap(Registry::records);
        }
    }
}

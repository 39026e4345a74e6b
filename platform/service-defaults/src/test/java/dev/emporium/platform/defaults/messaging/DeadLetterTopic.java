package dev.emporium.platform.defaults.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Reads a dead-letter topic of the embedded broker from the start, as the tests' own consumer. */
final class DeadLetterTopic {

    private DeadLetterTopic() {
    }

    /** The values on {@code topic}, read until {@code enough} arrived or {@code wait} passed. */
    static List<String> read(EmbeddedKafkaBroker broker, String topic, Duration wait, int enough) {
        Map<String, Object> props = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + topic + System.nanoTime(), false);
        props.put("auto.offset.reset", "earliest");
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> values = new ArrayList<>();
            Instant until = Instant.now().plus(wait);
            while (Instant.now().isBefore(until) && values.size() < enough) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
            return values;
        }
    }
}

package dev.emporium.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's broker is a real Kafka: it takes and serves records, and keeps them across a restart. */
class EmbeddedKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void keepsEventsAcrossARestart() throws Exception {
        int port = freePort();
        int controllerPort = freePort();
        String topic = "launcher-test-" + UUID.randomUUID();

        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), port, controllerPort)) {
            broker.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "order-1", "placed")).get();
                producer.send(new ProducerRecord<>(topic, "order-1", "confirmed")).get();
            }
        }

        try (EmbeddedKafkaBroker restarted = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), port, controllerPort)) {
            restarted.start();
            assertThat(readAll(restarted.bootstrapServers(), topic, 2)).containsExactly("placed", "confirmed");
        }
    }

    @Test
    void deadLettersAreListedAndReplayedToTheirTopicOnce() throws Exception {
        String topic = "stock-commands-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir.resolve("kafka"), freePort(), freePort())) {
            broker.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                ProducerRecord<String, String> letter = new ProducerRecord<>(topic + ".DLT", "order-7", "{\"poison\":true}");
                letter.headers().add("kafka_dlt-original-topic", topic.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                producer.send(letter).get();
            }
            List<String> args = List.of(topic + ".DLT", "--bootstrap", broker.bootstrapServers());
            assertThat(DeadLetters.run(concat("list", args))).isZero();
            assertThat(readAll(broker.bootstrapServers(), topic, 1, Duration.ofSeconds(4))).as("listing replays nothing").isEmpty();
            assertThat(DeadLetters.run(concat("replay", args))).isZero();
            assertThat(readAll(broker.bootstrapServers(), topic, 1)).containsExactly("{\"poison\":true}");
            assertThat(DeadLetters.run(concat("replay", args))).isZero();
            assertThat(readAll(broker.bootstrapServers(), topic, 2, Duration.ofSeconds(4))).as("each dead letter is replayed once").hasSize(1);
            assertThat(DeadLetters.run(List.of("replay", topic))).as("only .DLT topics").isEqualTo(2);
        }
    }

    private static List<String> concat(String command, List<String> args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(args);
        return all;
    }

    private static List<String> readAll(String bootstrap, String topic, int expected) {
        return readAll(bootstrap, topic, expected, Duration.ofSeconds(30));
    }

    /** Reads until {@code expected} values arrived or {@code wait} passed. */
    private static List<String> readAll(String bootstrap, String topic, int expected, Duration wait) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + wait.toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

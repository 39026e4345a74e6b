package dev.emporium.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code dead-letters list|replay <topic>.DLT [--bootstrap host:port]}: what a consumer gave up on, and sending it
 * back once the cause is fixed. {@code list} shows every dead letter with the exception Spring Kafka recorded;
 * {@code replay} produces each one not replayed before (progress is the committed offset of the consumer group
 * {@code emporium-dead-letter-replay}) back to its original topic with its original key. Consumers are idempotent
 * by message id, so replaying something already handled does nothing.
 */
final class DeadLetters {

    static final String USAGE = """
            Usage: java -jar platform/launcher/target/launcher.jar dead-letters list|replay <topic>.DLT [--bootstrap host:port]
              list    print every dead letter of the topic: offset, key, failure, message
              replay  send the dead letters not replayed yet back to their original topic
            """;

    private DeadLetters() {
    }

    static int run(List<String> args) {
        String bootstrap = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--bootstrap") && i + 1 < args.size()) {
                bootstrap = args.get(++i);
            } else {
                positional.add(args.get(i));
            }
        }
        if (positional.size() != 2 || !List.of("list", "replay").contains(positional.get(0))
                || !positional.get(1).endsWith(".DLT")) {
            System.err.print(USAGE);
            return 2;
        }
        boolean replay = positional.get(0).equals("replay");
        String topic = positional.get(1);
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap, replay))) {
            consumer.subscribe(List.of(topic));
            int quiet = 0;
            while (quiet < 5) {
                var records = consumer.poll(Duration.ofMillis(400));
                if (records.isEmpty() && !consumer.assignment().isEmpty()) {
                    quiet++;
                }
                records.forEach(letters::add);
            }
            if (!replay) {
                letters.forEach(DeadLetters::print);
                System.out.printf("%d dead letter(s) in %s%n", letters.size(), topic);
                return 0;
            }
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrap))) {
                for (ConsumerRecord<byte[], byte[]> letter : letters) {
                    String original = header(letter, "kafka_dlt-original-topic");
                    String destination = original != null ? original : topic.substring(0, topic.length() - ".DLT".length());
                    producer.send(new ProducerRecord<>(destination, letter.key(), letter.value())).get();
                    consumer.commitSync(Map.of(new TopicPartition(letter.topic(), letter.partition()),
                            new OffsetAndMetadata(letter.offset() + 1)));
                    System.out.printf("replayed %s-%d@%d to %s%n", letter.topic(), letter.partition(), letter.offset(), destination);
                }
            }
            System.out.printf("%d dead letter(s) replayed from %s%n", letters.size(), topic);
            return 0;
        } catch (Exception e) {
            System.err.println("dead-letters: " + e);
            return 1;
        }
    }

    private static void print(ConsumerRecord<byte[], byte[]> letter) {
        System.out.printf("%s-%d@%d  %s  key=%s%n  failure: %s%n  message: %s%n", letter.topic(), letter.partition(),
                letter.offset(), Instant.ofEpochMilli(letter.timestamp()), text(letter.key()),
                header(letter, "kafka_dlt-exception-message"), text(letter.value()));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? "null" : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Properties consumerConfig(String bootstrap, boolean replay) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, replay ? "emporium-dead-letter-replay" : "emporium-dead-letter-list-" + System.nanoTime());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return config;
    }

    private static Properties producerConfig(String bootstrap) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }
}

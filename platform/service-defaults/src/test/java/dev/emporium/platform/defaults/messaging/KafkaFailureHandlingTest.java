package dev.emporium.platform.defaults.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Transient failures are retried, not dead-lettered: a listener whose dependency is down for three seconds gets its
 * record through once it is back (the old handler gave up after about 1.4 s). Only what can never be processed
 * (unreadable JSON, an {@link InvalidMessageException}) goes to {@code <topic>.DLT}, and at once.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false", "spring.main.web-application-type=none",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.consumer.auto-offset-reset=earliest",
        "emporium.kafka.retry-for=PT2M", "emporium.kafka.retry-max-interval=PT1S"})
@EmbeddedKafka(partitions = 1, topics = {KafkaFailureHandlingTest.BLIP, KafkaFailureHandlingTest.BLIP + ".DLT",
        KafkaFailureHandlingTest.POISON, KafkaFailureHandlingTest.POISON + ".DLT"})
class KafkaFailureHandlingTest {

    static final String BLIP = "blip-test";
    static final String POISON = "poison-test";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    Listeners listeners;

    @Test
    void aThreeSecondOutageDelaysARecordButNeverDeadLettersIt() throws Exception {
        listeners.outageUntil = Instant.now().plusSeconds(3);
        kafka.send(BLIP, "order-1", "{\"n\":1}").get();
        kafka.send(BLIP, "order-1", "{\"n\":2}").get();

        await().atMost(Duration.ofSeconds(30)).until(() -> listeners.processed.size() == 2);
        assertThat(listeners.processed).as("in order, once each").containsExactly("{\"n\":1}", "{\"n\":2}");
        assertThat(listeners.attempts.get()).as("it was retried through the outage").isGreaterThan(3);
        assertThat(deadLetters(BLIP + ".DLT", Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void unreadableAndInvalidRecordsAreDeadLetteredAtOnceAndTheNextOnesFlow() throws Exception {
        Instant sent = Instant.now();
        kafka.send(POISON, "order-2", "{not json").get();
        kafka.send(POISON, "order-2", "{\"invalid\":true}").get();
        kafka.send(POISON, "order-2", "{\"fine\":true}").get();

        await().atMost(Duration.ofSeconds(20)).until(() -> listeners.poisonProcessed.contains("{\"fine\":true}"));
        List<String> dead = deadLetters(POISON + ".DLT", Duration.ofSeconds(10));
        assertThat(dead).containsExactly("{not json", "{\"invalid\":true}");
        assertThat(Duration.between(sent, Instant.now())).as("no backoff spent on poison").isLessThan(Duration.ofSeconds(15));
        assertThat(listeners.poisonAttempts.get("{\"invalid\":true}").get()).as("tried once").isEqualTo(1);
    }

    private List<String> deadLetters(String topic, Duration wait) {
        return DeadLetterTopic.read(broker, topic, wait, 2);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {
    }

    @Component
    static class Listeners {

        private static final JsonMapper JSON = JsonMapper.builder().build();

        volatile Instant outageUntil = Instant.MIN;
        final List<String> processed = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> poisonProcessed = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> poisonAttempts = new ConcurrentHashMap<>();

        @KafkaListener(topics = BLIP, groupId = "blip-test")
        void blip(ConsumerRecord<String, String> record) {
            attempts.incrementAndGet();
            if (Instant.now().isBefore(outageUntil)) {
                throw new IllegalStateException("database unavailable (simulated)");
            }
            processed.add(record.value());
        }

        @KafkaListener(topics = POISON, groupId = "poison-test")
        void poison(ConsumerRecord<String, String> record) {
            poisonAttempts.computeIfAbsent(record.value(), v -> new AtomicInteger()).incrementAndGet();
            var tree = JSON.readTree(record.value()); // throws a JacksonException for "{not json"
            if (tree.has("invalid")) {
                throw new InvalidMessageException("can never apply");
            }
            poisonProcessed.add(record.value());
        }
    }
}

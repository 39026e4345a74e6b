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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A poll batch applied in one transaction: records sent while the listener was stopped arrive in one poll and are
 * committed together, each with its own receiver observation, which is current again after the commit while what the
 * record left for that moment runs (the outbox's hand-over to Kafka). A batch with a record that can never apply and one
 * that fails for a while still stores every good record exactly once, dead-letters the invalid one at once and gets
 * the failing one through once it recovers — as record listeners did.
 */
@SpringBootTest(properties = {
        "eureka.client.enabled=false", "spring.main.web-application-type=none",
        "spring.cloud.config.enabled=false",
        "spring.datasource.url=jdbc:h2:mem:batch-transactions;MODE=PostgreSQL;DB_CLOSE_DELAY=-1",
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "spring.kafka.consumer.auto-offset-reset=earliest",
        "emporium.kafka.retry-for=PT2M", "emporium.kafka.retry-max-interval=PT1S"})
@EmbeddedKafka(partitions = 1, topics = {BatchTransactionsTest.CALM, BatchTransactionsTest.MIXED,
        BatchTransactionsTest.MIXED + ".DLT"})
class BatchTransactionsTest {

    static final String CALM = "batch-calm";
    static final String MIXED = "batch-mixed";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    KafkaListenerEndpointRegistry containers;
    @Autowired
    Listeners listeners;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    List<Observation.Context> observed;

    @Test
    void aPollOfRecordsIsOneTransactionAndEveryRecordIsObserved() throws Exception {
        for (int i = 0; i < 10; i++) {
            kafka.send(CALM, "order-" + i, "calm-" + i).get();
        }
        containers.getListenerContainer(CALM).start();

        await().atMost(Duration.ofSeconds(30)).until(() -> stored("calm-%") == 10);
        assertThat(listeners.commits.get(CALM).get()).as("ten records, sent before the listener started, share commits")
                .isLessThan(4);
        assertThat(observed.stream().filter(KafkaRecordReceiverContext.class::isInstance)
                .map(c -> ((KafkaRecordReceiverContext) c).getRecord().value()).filter(v -> v.toString().startsWith("calm-")))
                .as("one receiver observation per record").hasSize(10);
        assertThat(listeners.currentAfterCommit).as("after the commit, what a record left for it runs in its observation")
                .hasSize(10).allSatisfy((value, current) -> assertThat(current).isEqualTo(value));
    }

    @Test
    void aFailingRecordDoesNotTakeItsBatchWithIt() throws Exception {
        Instant sent = Instant.now();
        listeners.failuresLeft.set(3);
        for (String value : List.of("mixed-1", "mixed-invalid", "mixed-2", "mixed-blip", "mixed-3")) {
            kafka.send(MIXED, "order-x", value).get();
        }
        containers.getListenerContainer(MIXED).start();

        await().atMost(Duration.ofSeconds(60)).until(() -> stored("mixed-%") == 4);
        assertThat(jdbc.sql("select payload from applied where payload like 'mixed-%' order by payload").query(String.class).list())
                .as("each good record stored exactly once, the invalid one never")
                .containsExactly("mixed-1", "mixed-2", "mixed-3", "mixed-blip");
        assertThat(deadLetters(MIXED + ".DLT", Duration.ofSeconds(10))).containsExactly("mixed-invalid");
        assertThat(listeners.attempts.get("mixed-invalid").get()).as("in its batch, then alone: no retries")
                .isLessThanOrEqualTo(2);
        assertThat(listeners.attempts.get("mixed-blip").get()).as("retried until it went through").isGreaterThan(3);
        assertThat(Duration.between(sent, Instant.now())).isLessThan(Duration.ofSeconds(60));
    }

    private int stored(String like) {
        return jdbc.sql("select count(*) from applied where payload like ?").param(like).query(Integer.class).single();
    }

    private List<String> deadLetters(String topic, Duration wait) {
        return DeadLetterTopic.read(broker, topic, wait, 1);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Listeners.class)
    static class App {

        @Bean
        List<Observation.Context> observed() {
            return new CopyOnWriteArrayList<>();
        }

        @Bean
        ObservationHandler<Observation.Context> recordingHandler(List<Observation.Context> observed) {
            return new ObservationHandler<>() {
                @Override
                public void onStart(Observation.Context context) {
                    observed.add(context);
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return context instanceof KafkaRecordReceiverContext;
                }
            };
        }
    }

    @Component
    static class Listeners {

        final Map<String, AtomicInteger> commits = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        final Map<String, String> currentAfterCommit = new ConcurrentHashMap<>();
        private final BatchTransactions batches;
        private final JdbcClient jdbc;
        private final ObservationRegistry observations;

        Listeners(BatchTransactions batches, JdbcClient jdbc, ObservationRegistry observations) {
            this.batches = batches;
            this.jdbc = jdbc;
            this.observations = observations;
            jdbc.sql("create table if not exists applied (payload varchar(100) not null)").update();
        }

        @KafkaListener(id = CALM, topics = CALM, groupId = CALM, batch = "true", autoStartup = "false")
        void calm(List<ConsumerRecord<String, String>> records) {
            batches.apply(CALM, records, record -> {
                store(CALM, record.value());
                // as the outbox does: hands the record's message on after the commit, in the observation current then
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        Observation current = observations.getCurrentObservation();
                        currentAfterCommit.put(record.value(), current != null
                                && current.getContext() instanceof KafkaRecordReceiverContext receiving
                                ? String.valueOf(receiving.getRecord().value()) : "none");
                    }
                });
            });
        }

        @KafkaListener(id = MIXED, topics = MIXED, groupId = MIXED, batch = "true", autoStartup = "false")
        void mixed(List<ConsumerRecord<String, String>> records) {
            batches.apply(MIXED, records, record -> {
                store(MIXED, record.value());
                if (record.value().equals("mixed-invalid")) {
                    throw new InvalidMessageException("can never apply");
                }
                if (record.value().equals("mixed-blip") && failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("database unavailable (simulated)");
                }
            });
        }

        /** Stores the value in the caller's transaction, and counts that transaction's commit once. */
        private void store(String listener, String value) {
            attempts.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
            jdbc.sql("insert into applied (payload) values (?)").param(value).update();
            if (!TransactionSynchronizationManager.hasResource(this)) {
                TransactionSynchronizationManager.bindResource(this, listener);
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        TransactionSynchronizationManager.unbindResource(Listeners.this);
                        if (status == STATUS_COMMITTED) {
                            commits.computeIfAbsent(listener, l -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                });
            }
        }
    }
}

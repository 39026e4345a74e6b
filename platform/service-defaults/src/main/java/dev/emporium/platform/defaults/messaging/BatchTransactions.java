package dev.emporium.platform.defaults.messaging;

import java.util.List;
import java.util.function.Consumer;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One database transaction per poll batch instead of one per record, for the consumers whose every record is a
 * transaction (inbox entry, effect, outbox entries). A commit is the largest single cost of applying a record on
 * H2 (docs/benchmarks.md); under load a poll returns several records and they now share it. When the load is light a
 * poll returns one record and nothing changes; {@code emporium_kafka_batch_records{listener}} shows how many records
 * the polls carry.
 * <p>
 * What stays as it was with one record at a time:
 * <ul>
 * <li><b>Failures hit one record.</b> When the batch's transaction fails, nothing of it was stored; the records are
 * then applied again, each in its own transaction, and the first that fails is handed to the error handler as
 * {@link BatchListenerFailedException} with its index: the records before it are committed, it is retried with
 * backoff or dead-lettered exactly as a record listener's would be (the cause decides, see
 * {@code MessagingDefaultsAutoConfiguration}), and the ones after it are polled again.</li>
 * <li><b>Each record is traced.</b> Spring Kafka observes record listeners only; here every record gets the same
 * receiver observation, so its span continues the producer's trace, and what the handler publishes (sent after the
 * commit) joins it ({@link ScopesAfterCommit}).</li>
 * <li><b>Idempotence.</b> The handler still records the message in the {@link Inbox} inside the transaction; a
 * record applied in a batch that rolled back is applied again, once.</li>
 * </ul>
 * Work outside the database that a handler does (a metric, a log line) happens again when a batch is re-applied
 * record by record; work that must happen once has to wait for the commit.
 */
public class BatchTransactions {

    private static final Logger log = LoggerFactory.getLogger(BatchTransactions.class);

    private final TransactionTemplate transaction;
    private final ObservationRegistry observations;
    private final MeterRegistry meters;
    private final boolean together;

    /** @param together false applies every record in a transaction of its own, as before (to measure the difference) */
    public BatchTransactions(PlatformTransactionManager transactions, ObservationRegistry observations, MeterRegistry meters,
            boolean together) {
        this.transaction = new TransactionTemplate(transactions);
        this.observations = observations;
        this.meters = meters;
        this.together = together;
    }

    /** Applies every record with {@code handler}, all in one transaction when they can be (see the class comment). */
    public <V> void apply(String listener, List<ConsumerRecord<String, V>> records, Consumer<ConsumerRecord<String, V>> handler) {
        DistributionSummary.builder("emporium.kafka.batch.records").description("Records per poll batch of a listener")
                .tag("listener", listener).register(meters).record(records.size());
        if (together && records.size() > 1) {
            try {
                transaction.executeWithoutResult(status -> {
                    ScopesAfterCommit scopes = new ScopesAfterCommit();
                    for (ConsumerRecord<String, V> record : records) {
                        Observation observation = observation(listener, record);
                        scopes.next(observation);
                        observation.observe(() -> handler.accept(record));
                    }
                    scopes.end();
                });
                return;
            } catch (RuntimeException failed) {
                log.debug("A batch of {} records of {} failed ({}); applying them one by one", records.size(), listener,
                        failed.toString());
            }
        }
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<String, V> record = records.get(i);
            try {
                observation(listener, record).observe(() -> transaction.executeWithoutResult(status -> handler.accept(record)));
            } catch (RuntimeException failed) {
                throw new BatchListenerFailedException("Applying " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " failed", failed, i);
            }
        }
    }

    /** The receiver observation Spring Kafka gives a record listener's invocation. */
    private <V> Observation observation(String listener, ConsumerRecord<String, V> record) {
        return KafkaListenerObservation.LISTENER_OBSERVATION.observation(null, DefaultKafkaListenerObservationConvention.INSTANCE,
                () -> new KafkaRecordReceiverContext(record, listener, null, KafkaUtils.getConsumerGroupId(), () -> null),
                observations);
    }

    /**
     * What a record publishes goes to Kafka after the commit (the outbox hands it to another thread, carrying the
     * observation current then). With one record per transaction that is the record's; with a batch the commit
     * comes after every record's observation ended. So after the commit each record's observation is in scope again
     * while the synchronizations registered during its handling run: one registered before each record (transaction
     * synchronizations of the same order run in the order they were registered, and the outbox's have the default
     * order too), and one at the end that closes the last scope when the transaction completes, however it ends.
     */
    private static final class ScopesAfterCommit {

        private Observation.Scope open;

        void next(Observation observation) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    close();
                    open = observation.openScope();
                }
            });
        }

        void end() {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    close();
                }
            });
        }

        private void close() {
            if (open != null) {
                open.close();
                open = null;
            }
        }
    }
}

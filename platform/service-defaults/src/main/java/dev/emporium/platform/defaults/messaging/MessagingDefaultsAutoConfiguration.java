package dev.emporium.platform.defaults.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.ClassUtils;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every service that consumes or publishes messages gets: poison records dead-lettered at once, transient
 * failures retried with backoff for minutes, an {@link Inbox} for idempotent consumers, {@link BatchTransactions} for
 * consumers that apply a poll batch in one transaction, a relay that resubmits outbox entries Kafka did not take, and
 * the outbox's completions batched.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"})
public class MessagingDefaultsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MessagingDefaultsAutoConfiguration.class);

    /** Dead letters of topic {@code t} go to {@code t.DLT} (any partition). See docs/events.md for replaying them. */
    public static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Exceptions that mean "this record can never be read": the contracts' own, and JSON that does not parse or map. */
    static final List<String> POISON = List.of("dev.emporium.contracts.checkout.CheckoutMessage$UnreadableMessage",
            "tools.jackson.core.JacksonException", "com.fasterxml.jackson.core.JacksonException");

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DefaultErrorHandler.class)
    @ConditionalOnBean(KafkaProperties.class)
    static class DeadLetters {

        /**
         * Tells transient failures from poison. A record that cannot be read ({@code UnreadableMessage} of the
         * contracts, Spring's deserialization and conversion errors) or that can never apply
         * ({@link InvalidMessageException}) goes to {@code <topic>.DLT} at once. Every other failure (a database or a
         * dependency down, a lock timeout, a command that must wait for another) is retried with exponential backoff
         * (500 ms doubling, at most {@code emporium.kafka.retry-max-interval} apart) for
         * {@code emporium.kafka.retry-for}, minutes by default, and only then dead-lettered: a three-second database
         * blip delays messages, it never loses them. Retrying blocks the record's partition, which keeps a saga's
         * messages in order while its participant recovers. The dead-letter producer writes the record as it came
         * (text or bytes), whatever serializer the service's own producer uses.
         */
        @Bean
        @ConditionalOnMissingBean(CommonErrorHandler.class)
        DefaultErrorHandler kafkaErrorHandler(KafkaProperties kafka,
                @Value("${emporium.kafka.retry-for:PT10M}") Duration retryFor,
                @Value("${emporium.kafka.retry-max-interval:PT30S}") Duration maxInterval,
                ObjectProvider<MeterRegistry> meters) {
            Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "dead-letters-" + config.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "producer"));
            DefaultKafkaProducerFactory<Object, Object> producers = new DefaultKafkaProducerFactory<>(config,
                    textOrBytes(), textOrBytes());
            DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(new KafkaTemplate<>(producers),
                    (record, failure) -> {
                        Throwable cause = rootCause(failure);
                        log.error("Dead-lettering {}-{}@{} to {}{} ({}): {}", record.topic(), record.partition(),
                                record.offset(), record.topic(), DEAD_LETTER_SUFFIX,
                                isPoison(cause) ? "poison" : "still failing after " + retryFor, cause.toString());
                        meters.ifAvailable(m -> m.counter("emporium.kafka.dead.letters", "topic", record.topic()).increment());
                        return new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, -1);
                    });
            ExponentialBackOff backOff = new ExponentialBackOff(Math.min(500, maxInterval.toMillis()), 2.0);
            backOff.setMaxInterval(maxInterval.toMillis());
            backOff.setMaxElapsedTime(retryFor.toMillis());
            DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters, backOff);
            handler.addNotRetryableExceptions(InvalidMessageException.class);
            poisonClasses().forEach(handler::addNotRetryableExceptions);
            handler.setRetryListeners((record, failure, attempt) -> log.warn("Attempt {} on {}-{}@{} failed, retrying: {}",
                    attempt, record.topic(), record.partition(), record.offset(), rootCause(failure).toString()));
            return handler;
        }

        /** The contracts' "cannot be read" exceptions, found by name: service-defaults depends on no contract. */
        @SuppressWarnings("unchecked")
        private static List<Class<? extends Exception>> poisonClasses() {
            List<Class<? extends Exception>> found = new ArrayList<>();
            for (String name : POISON) {
                if (ClassUtils.isPresent(name, MessagingDefaultsAutoConfiguration.class.getClassLoader())) {
                    found.add((Class<? extends Exception>) ClassUtils.resolveClassName(name,
                            MessagingDefaultsAutoConfiguration.class.getClassLoader()));
                }
            }
            return found;
        }

        private static boolean isPoison(Throwable cause) {
            for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
                if (type == InvalidMessageException.class || POISON.contains(type.getName())) {
                    return true;
                }
            }
            return false;
        }

        private static Throwable rootCause(Throwable failure) {
            Throwable cause = failure;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            return cause;
        }

        private static DelegatingByTypeSerializer textOrBytes() {
            Map<Class<?>, Serializer<?>> byType = new LinkedHashMap<>();
            byType.put(String.class, new StringSerializer());
            byType.put(byte[].class, new ByteArraySerializer());
            return new DelegatingByTypeSerializer(byType);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcClient.class)
    @ConditionalOnBean(JdbcClient.class)
    static class Inboxes {

        @Bean
        @ConditionalOnMissingBean
        Inbox inbox(JdbcClient jdbc) {
            return new Inbox(jdbc);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(PlatformTransactionManager.class)
        @ConditionalOnClass(DefaultErrorHandler.class)
        BatchTransactions batchTransactions(PlatformTransactionManager transactions,
                ObjectProvider<ObservationRegistry> observations, ObjectProvider<MeterRegistry> meters,
                @Value("${emporium.kafka.batch-transactions:true}") boolean together) {
            return new BatchTransactions(transactions, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                    meters.getIfAvailable(SimpleMeterRegistry::new), together);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.modulith.events.IncompleteEventPublications")
    static class Outbox {

        /**
         * {@code emporium_outbox_pending}: outbox entries not yet acknowledged by Kafka, and
         * {@code emporium_outbox_oldest_age_seconds}: how long the oldest of them has waited (0 when none). Read at
         * scrape time; NaN until the table exists.
         */
        @Bean
        @ConditionalOnBean(JdbcClient.class)
        MeterBinder outboxBacklog(JdbcClient jdbc) {
            return registry -> {
                Gauge.builder("emporium.outbox.pending", () -> {
                    try {
                        return jdbc.sql("select count(*) from event_publication where completion_date is null")
                                .query(Long.class).single();
                    } catch (RuntimeException noTableYet) {
                        return Double.NaN;
                    }
                }).description("Outbox entries waiting for Kafka").register(registry);
                Gauge.builder("emporium.outbox.oldest.age", () -> {
                    try {
                        return jdbc.sql("select min(publication_date) from event_publication where completion_date is null")
                                .query(java.sql.Timestamp.class).optional()
                                .map(oldest -> Math.max(0, System.currentTimeMillis() - oldest.getTime()) / 1000.0)
                                .orElse(0.0);
                    } catch (RuntimeException noTableYet) {
                        return Double.NaN;
                    }
                }).baseUnit("seconds").description("Age of the oldest outbox entry Kafka has not taken").register(registry);
            };
        }

        @Bean
        OutboxRelay outboxRelay(ObjectProvider<org.springframework.modulith.events.IncompleteEventPublications> incomplete,
                @Value("${emporium.outbox.resubmit-after:PT1M}") Duration olderThan,
                @Value("${emporium.outbox.resubmit-every:PT30S}") Duration every) {
            return new OutboxRelay(incomplete, olderThan, every);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.modulith.events.core.EventPublicationRepository")
    static class OutboxCompletions {

        /** Modulith's outbox repository with its completions batched ({@link BatchedOutboxCompletion}). */
        @Bean
        static BeanPostProcessor batchedOutboxCompletion(ObjectProvider<PlatformTransactionManager> transactions,
                ObjectProvider<MeterRegistry> meters, org.springframework.core.env.Environment environment) {
            boolean enabled = environment.getProperty("emporium.outbox.batch-completions", Boolean.class, true);
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return enabled && bean instanceof EventPublicationRepository repository
                            && !(bean instanceof BatchedOutboxCompletion)
                            ? new BatchedOutboxCompletion(repository, transactions, meters) : bean;
                }
            };
        }
    }
}

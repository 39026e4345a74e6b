package dev.emporium.analytics.stream;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.EnableKafkaStreams;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Kafka Streams as Spring Boot runs it ({@code spring.kafka.streams.*} in application.yml: exactly-once v2,
 * in-memory state stores restored from their changelog topics), the topology, and readiness: ready once the
 * streams are RUNNING, i.e. every store restored and queryable.
 */
@Configuration(proxyBeanMethods = false)
@EnableKafkaStreams
class StreamsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StreamsConfiguration.class);

    /** The topology; a record it cannot read is skipped, logged and counted (emporium_analytics_skipped_total). */
    @Bean
    KTable<String, Fact> analyticsFacts(StreamsBuilder builder, MeterRegistry meters) {
        return AnalyticsTopology.build(builder, reason -> {
            log.warn("Skipped an event analytics cannot read ({})", reason);
            meters.counter("emporium.analytics.skipped", "reason", reason).increment();
        });
    }

    /** {@code kafkaStreams} in the readiness group: UP when RUNNING, down while starting, restoring or failed. */
    @Bean
    HealthIndicator kafkaStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        return () -> {
            KafkaStreams kafkaStreams = streams.getKafkaStreams();
            KafkaStreams.State state = kafkaStreams == null ? null : kafkaStreams.state();
            return (state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService())
                    .withDetail("state", String.valueOf(state)).build();
        };
    }

    /**
     * The input topics, created (with the broker's defaults) when they do not exist yet: the producers' first send
     * would create them, but Kafka Streams does not start its tasks while a source topic is missing, and on a fresh
     * platform nobody has ordered yet. Existing topics are left as they are.
     */
    @Bean
    KafkaAdmin.NewTopics analyticsInputs() {
        return new KafkaAdmin.NewTopics(AnalyticsTopology.INPUTS.stream()
                .map(topic -> TopicBuilder.name(topic).build()).toArray(NewTopic[]::new));
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

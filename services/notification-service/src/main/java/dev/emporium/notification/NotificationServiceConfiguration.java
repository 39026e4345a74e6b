package dev.emporium.notification;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** Wiring of notification-service: clock, and bounded retries then a dead-letter topic for poison records. */
@Configuration(proxyBeanMethods = false)
class NotificationServiceConfiguration {

    /** Dead letters of {@code user-events} go to {@code user-events.DLT} (any partition), documented in docs/events.md. */
    static final String DEAD_LETTER_SUFFIX = ".DLT";

    /** Microseconds, as the databases store them. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** A record that keeps failing is retried with backoff, then published to {@code <topic>.DLT} and skipped. */
    @Bean
    DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<Object, Object> template,
            @Value("${emporium.notifications.dead-letter-retries:3}") int retries) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxAttempts(retries);
        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, -1));
        return new DefaultErrorHandler(deadLetters, backOff);
    }
}

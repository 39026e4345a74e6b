package dev.emporium.notification;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Wiring of notification-service. Poison records are retried, then dead-lettered to {@code <topic>.DLT} by the
 * service defaults (MessagingDefaultsAutoConfiguration).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class NotificationServiceConfiguration {

    /** Microseconds, as the databases store them. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}

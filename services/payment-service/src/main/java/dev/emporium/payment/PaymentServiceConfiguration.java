package dev.emporium.payment;

import java.time.Clock;
import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wiring of payment-service. */
@Configuration(proxyBeanMethods = false)
class PaymentServiceConfiguration {

    /** Microseconds, as the databases store them. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}

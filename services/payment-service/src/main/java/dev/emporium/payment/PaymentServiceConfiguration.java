package dev.emporium.payment;

import java.time.Clock;
import java.time.Duration;

import dev.emporium.contracts.checkout.CheckoutMessage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wiring of payment-service: clock, the outbox route of saga replies and payment events, the reconciler's schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class PaymentServiceConfiguration {

    /** Microseconds, as the databases store them. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** Each message to the topic it is addressed to, keyed by order id. */
    @Bean
    EventExternalizationConfiguration eventExternalization() {
        return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof CheckoutMessage.Outbound)
                .route(CheckoutMessage.Outbound.class, out -> RoutingTarget.forTarget(out.topic()).andKey(out.message().key()))
                .mapping(CheckoutMessage.Outbound.class, CheckoutMessage.Outbound::message)
                .build();
    }
}

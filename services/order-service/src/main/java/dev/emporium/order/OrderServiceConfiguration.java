package dev.emporium.order;

import java.time.Clock;
import java.time.Duration;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.order.order.OrderStreamProperties;
import dev.emporium.order.saga.CheckoutProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wiring of order-service: clock, deadline scheduling, the outbox route of saga commands and order events. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({CheckoutProperties.class, OrderStreamProperties.class})
class OrderServiceConfiguration {

    /** Microseconds, as the databases store them. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** Each message to the topic it is addressed to, keyed by order id (one order's messages stay in order). */
    @Bean
    EventExternalizationConfiguration eventExternalization() {
        return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof CheckoutMessage.Outbound)
                .route(CheckoutMessage.Outbound.class, out -> RoutingTarget.forTarget(out.topic()).andKey(out.message().key()))
                .mapping(CheckoutMessage.Outbound.class, CheckoutMessage.Outbound::message)
                .build();
    }
}

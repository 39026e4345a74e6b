package dev.emporium.product;

import java.time.Clock;

import dev.emporium.contracts.checkout.CheckoutMessage;
import dev.emporium.contracts.product.ProductEvent;
import dev.emporium.contracts.product.ProductTopics;
import dev.emporium.product.inventory.InventoryProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.events.EventExternalizationConfiguration;
import org.springframework.modulith.events.RoutingTarget;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wiring of product-service: clock, scheduling (stale reservation check), the outbox routes of product events and saga replies. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(InventoryProperties.class)
class ProductServiceConfiguration {

    /** Microseconds, as the databases store them: an answer shows the same instant before and after a reload. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), java.time.Duration.ofNanos(1_000));
    }

    @Bean
    EventExternalizationConfiguration eventExternalization() {
        return EventExternalizationConfiguration.externalizing()
                .select(event -> event instanceof ProductEvent || event instanceof CheckoutMessage.Outbound)
                .route(ProductEvent.class, event -> RoutingTarget.forTarget(ProductTopics.PRODUCT_EVENTS).andKey(event.key()))
                .route(CheckoutMessage.Outbound.class, out -> RoutingTarget.forTarget(out.topic()).andKey(out.message().key()))
                .mapping(CheckoutMessage.Outbound.class, CheckoutMessage.Outbound::message)
                .build();
    }
}

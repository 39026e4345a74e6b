package dev.emporium.gateway.compose;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Deadlines of the composed answers: the order must come within {@code order-deadline} (else 503); each other
 * source within {@code deadline} (else it is named in {@code degraded} and its list is empty).
 */
@ConfigurationProperties("emporium.gateway.composition")
public record CompositionProperties(Duration orderDeadline, Duration deadline) {

    public CompositionProperties {
        orderDeadline = orderDeadline == null ? Duration.ofSeconds(2) : orderDeadline;
        deadline = deadline == null ? Duration.ofMillis(1500) : deadline;
    }
}

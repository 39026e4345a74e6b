package dev.emporium.order.order;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code GET /api/orders/{id}/events}: how often the open streams' orders are looked at, how often an idle stream
 * says it is alive, how long a stream lasts at most (the browser then reconnects), how many one instance holds.
 */
@ConfigurationProperties("emporium.orders.events")
public record OrderStreamProperties(Duration pollInterval, Duration heartbeat, Duration maxDuration, int maxStreams) {

    public OrderStreamProperties {
        pollInterval = pollInterval == null ? Duration.ofMillis(250) : pollInterval;
        heartbeat = heartbeat == null ? Duration.ofSeconds(15) : heartbeat;
        maxDuration = maxDuration == null ? Duration.ofMinutes(10) : maxDuration;
        maxStreams = maxStreams <= 0 ? 1000 : maxStreams;
        if (pollInterval.isNegative() || pollInterval.isZero() || heartbeat.isNegative() || heartbeat.isZero()
                || maxDuration.compareTo(heartbeat) < 0) {
            throw new IllegalArgumentException("emporium.orders.events: intervals must be positive and max-duration ≥ heartbeat");
        }
    }
}

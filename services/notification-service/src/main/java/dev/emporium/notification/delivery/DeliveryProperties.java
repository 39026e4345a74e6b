package dev.emporium.notification.delivery;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.notifications.delivery.*}: how often pending notifications are sent, and how transient failures
 * are retried (doubling from {@code firstRetry} up to {@code maxRetryInterval}, then FAILED after {@code maxAttempts}).
 */
@ConfigurationProperties("emporium.notifications.delivery")
public record DeliveryProperties(Duration interval, int batch, int maxAttempts, Duration firstRetry, Duration maxRetryInterval,
        String from) {

    Duration retryAfter(int attempts) {
        Duration next = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        return next.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : next;
    }
}

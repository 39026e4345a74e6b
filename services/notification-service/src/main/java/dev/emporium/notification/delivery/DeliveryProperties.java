package dev.emporium.notification.delivery;

import java.time.Duration;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.notifications.delivery.*}: how often pending notifications are sent, and how transient failures
 * are retried (doubling from {@code firstRetry} up to {@code maxRetryInterval}, then FAILED after {@code maxAttempts}).
 * {@code lease}: how long a claimed notification belongs to its sender; it must exceed the longest send (SMTP
 * timeouts), since another pass takes the notification again once it ran out. {@code messageIdDomain}: the right
 * side of every email's Message-ID.
 */
@ConfigurationProperties("emporium.notifications.delivery")
public record DeliveryProperties(Duration interval, int batch, int maxAttempts, Duration firstRetry, Duration maxRetryInterval,
        String from, Duration lease, String messageIdDomain) {

    Duration retryAfter(int attempts) {
        Duration next = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        return next.compareTo(maxRetryInterval) > 0 ? maxRetryInterval : next;
    }

    /**
     * The Message-ID of a notification's email, derived from its id alone: every send of it, a resend after a crash
     * included, carries the same one, so mail systems recognise the duplicate.
     */
    String messageId(UUID notification) {
        return "<" + notification + "@" + messageIdDomain + ">";
    }
}

package dev.emporium.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends what is PENDING and due, outside the transaction that queued it (an SMTP call can take seconds and must
 * not hold the consumer). Each row is claimed first (its next attempt moved into the future with a conditional
 * update), so two instances never send the same notification. Success → SENT; a permanent failure → FAILED with
 * the reason; a transient one → retried later with backoff, FAILED after {@code maxAttempts}.
 */
@Component
public class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final JdbcClient jdbc;
    private final EmailSender email;
    private final SmsSender sms;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    Delivery(JdbcClient jdbc, EmailSender email, SmsSender sms, DeliveryProperties properties, Clock clock,
            MeterRegistry meters) {
        this.meters = meters;
        this.jdbc = jdbc;
        this.email = email;
        this.sms = sms;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${emporium.notifications.delivery.interval}")
    public void sendDue() {
        List<Due> due = jdbc.sql("""
                select id, channel, recipient, subject, body, html_body, attempts, next_attempt_at, type from notification
                where status = 'PENDING' and next_attempt_at <= ? order by next_attempt_at limit ?""")
                .params(now(), properties.batch())
                .query((rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getObject(8, OffsetDateTime.class), rs.getString(9)))
                .list();
        due.forEach(this::deliver);
    }

    private void deliver(Due notification) {
        if (!claim(notification)) {
            return;
        }
        int attempts = notification.attempts() + 1;
        try {
            if (notification.channel().equals("SMS")) {
                sms.send(notification.recipient(), notification.body());
            } else {
                email.send(new Email(notification.recipient(), notification.subject(), notification.body(), notification.html()));
            }
            jdbc.sql("update notification set status = 'SENT', attempts = ?, sent_at = ?, updated_at = ?, failure = null where id = ?")
                    .params(attempts, now(), now(), notification.id()).update();
            count(notification, "SENT");
        } catch (DeliveryFailure failure) {
            boolean giveUp = failure.permanent() || attempts >= properties.maxAttempts();
            if (giveUp) {
                log.warn("Notification {} to {} FAILED after {} attempt(s): {}", notification.id(), notification.recipient(),
                        attempts, failure.getMessage());
                jdbc.sql("update notification set status = 'FAILED', attempts = ?, failure = ?, updated_at = ? where id = ?")
                        .params(attempts, truncate(failure.getMessage()), now(), notification.id()).update();
                count(notification, "FAILED");
            } else {
                Instant next = clock.instant().plus(properties.retryAfter(attempts));
                log.info("Notification {} not delivered (attempt {}), retrying at {}: {}", notification.id(), attempts, next,
                        failure.getMessage());
                jdbc.sql("update notification set attempts = ?, next_attempt_at = ?, failure = ?, updated_at = ? where id = ?")
                        .params(attempts, next.atOffset(ZoneOffset.UTC), truncate(failure.getMessage()), now(), notification.id())
                        .update();
                count(notification, "RETRYING");
            }
        }
    }

    /** {@code emporium_notifications_total{type,channel,status}}. */
    private void count(Due notification, String status) {
        meters.counter("emporium.notifications", "type", notification.type(), "channel", notification.channel(), "status", status)
                .increment();
    }

    /** Moves the next attempt past the send's own timeout; only one sender wins the update. */
    private boolean claim(Due notification) {
        return jdbc.sql("update notification set next_attempt_at = ? where id = ? and status = 'PENDING' and next_attempt_at = ?")
                .params(clock.instant().plusSeconds(120).atOffset(ZoneOffset.UTC), notification.id(), notification.nextAttemptAt())
                .update() == 1;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text == null ? null : text.length() > 500 ? text.substring(0, 500) : text;
    }

    private record Due(UUID id, String channel, String recipient, String subject, String body, String html, int attempts,
            OffsetDateTime nextAttemptAt, String type) {
    }
}

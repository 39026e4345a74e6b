package dev.emporium.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends what is due, outside the transaction that queued it (an SMTP call can take seconds and must not hold the
 * consumer). <b>Claim before send</b>: a notification is first moved to SENDING with a lease ({@code claimed_by} this
 * sender, {@code claimed_until} now + lease) by one conditional update, committed on its own, and only then handed
 * to SMTP. So a second pass or a second instance never sends a notification while its lease runs; a sender that
 * crashed mid-send leaves a SENDING row whose lease runs out, and a later pass takes it again. That resend is
 * harmless: the email keeps the Message-ID fixed at the first claim, and mail systems drop the duplicate.
 * <p>
 * The outcome is written only while the lease is still this sender's (same {@code claimed_by} and
 * {@code claimed_until}): success → SENT; a transient failure → PENDING again with backoff; a permanent failure, or a
 * transient one at {@code maxAttempts}, → FAILED with the reason. Every claim counts as an attempt, so a notification
 * whose sends keep crashing their sender also ends FAILED after {@code maxAttempts} lost leases.
 */
public class Delivery {

    private static final Logger log = LoggerFactory.getLogger(Delivery.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final EmailSender email;
    private final SmsSender sms;
    private final DeliveryProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String instance;

    /**
     * @param instance who claims, written to {@code claimed_by}: unique per sender (one per service instance)
     */
    public Delivery(JdbcClient jdbc, PlatformTransactionManager transactions, EmailSender email, SmsSender sms,
            DeliveryProperties properties, Clock clock, MeterRegistry meters, String instance) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.email = email;
        this.sms = sms;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.instance = instance;
    }

    @Scheduled(fixedDelayString = "${emporium.notifications.delivery.interval}")
    public void sendDue() {
        giveUpLostLeases();
        List<UUID> due = jdbc.sql("""
                select id from notification
                where (status = 'PENDING' and next_attempt_at <= :now) or (status = 'SENDING' and claimed_until <= :now)
                order by next_attempt_at limit :batch""")
                .param("now", now()).param("batch", properties.batch())
                .query((rs, n) -> rs.getObject(1, UUID.class))
                .list();
        for (UUID id : due) {
            claim(id).ifPresent(this::deliver);
        }
    }

    private void deliver(Claimed notification) {
        try {
            if (notification.channel().equals("SMS")) {
                sms.send(notification.recipient(), notification.body());
            } else {
                email.send(new Email(notification.recipient(), notification.subject(), notification.body(), notification.html(),
                        notification.messageId()));
            }
            if (finish(notification, "status = 'SENT', sent_at = :now, failure = null")) {
                count(notification, "SENT");
            }
        } catch (DeliveryFailure failure) {
            boolean giveUp = failure.permanent() || notification.attempts() >= properties.maxAttempts();
            if (giveUp) {
                log.warn("Notification {} to {} FAILED after {} attempt(s): {}", notification.id(), notification.recipient(),
                        notification.attempts(), failure.getMessage());
                if (finish(notification, "status = 'FAILED', failure = :failure", "failure", truncate(failure.getMessage()))) {
                    count(notification, "FAILED");
                }
            } else {
                Instant next = clock.instant().plus(properties.retryAfter(notification.attempts()));
                log.info("Notification {} not delivered (attempt {}), retrying at {}: {}", notification.id(),
                        notification.attempts(), next, failure.getMessage());
                if (finish(notification, "status = 'PENDING', next_attempt_at = :next, failure = :failure",
                        "next", next.atOffset(ZoneOffset.UTC), "failure", truncate(failure.getMessage()))) {
                    count(notification, "RETRYING");
                }
            }
        }
    }

    /**
     * Takes a due notification (PENDING and due, or SENDING with a lease that ran out) for this sender, and commits
     * that on its own before anything is sent. The conditional update decides a race: of two senders, the second
     * finds the row SENDING under a running lease and updates nothing. The Message-ID is fixed at the first claim.
     */
    private Optional<Claimed> claim(UUID id) {
        OffsetDateTime now = now();
        OffsetDateTime until = clock.instant().plus(properties.lease()).atOffset(ZoneOffset.UTC);
        Integer claimed = ownTransaction.execute(status -> jdbc.sql("""
                update notification set status = 'SENDING', claimed_by = :me, claimed_until = :until, attempts = attempts + 1,
                       message_id = case when channel = 'EMAIL' then coalesce(message_id, :messageId) else message_id end,
                       updated_at = :now
                where id = :id and ((status = 'PENDING' and next_attempt_at <= :now)
                                 or (status = 'SENDING' and claimed_until <= :now and attempts < :max))""")
                .param("me", instance).param("until", until).param("messageId", properties.messageId(id)).param("now", now)
                .param("id", id).param("max", properties.maxAttempts())
                .update());
        if (claimed == null || claimed != 1) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select id, channel, recipient, subject, body, html_body, attempts, type, message_id, claimed_until
                from notification where id = ? and status = 'SENDING' and claimed_by = ?""")
                .params(id, instance)
                .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8), rs.getString(9),
                        rs.getObject(10, OffsetDateTime.class)))
                .optional();
    }

    /**
     * Writes the outcome of a send while the lease is still this sender's. False when it ran out and another pass
     * took the notification meanwhile: that pass owns the outcome now (it resends with the same Message-ID).
     */
    private boolean finish(Claimed notification, String assignments, Object... params) {
        JdbcClient.StatementSpec update = jdbc.sql("update notification set " + assignments
                        + ", claimed_by = null, claimed_until = null, updated_at = :now"
                        + " where id = :id and status = 'SENDING' and claimed_by = :me and claimed_until = :until")
                .param("now", now()).param("id", notification.id()).param("me", instance)
                .param("until", notification.claimedUntil());
        for (int i = 0; i < params.length; i += 2) {
            update = update.param((String) params[i], params[i + 1]);
        }
        boolean mine = update.update() == 1;
        if (!mine) {
            log.warn("Notification {}: the lease ran out during the send and another pass took it over", notification.id());
        }
        return mine;
    }

    /** SENDING rows whose lease ran out {@code maxAttempts} times: their sends keep dying with their sender. */
    private void giveUpLostLeases() {
        int failed = jdbc.sql("""
                update notification set status = 'FAILED', failure = :failure, claimed_by = null, claimed_until = null,
                       updated_at = :now
                where status = 'SENDING' and claimed_until <= :now and attempts >= :max""")
                .param("failure", "The sender lost its lease on every attempt").param("now", now())
                .param("max", properties.maxAttempts())
                .update();
        if (failed > 0) {
            log.warn("{} notification(s) FAILED: their sender lost its lease {} times", failed, properties.maxAttempts());
        }
    }

    /** {@code emporium_notifications_total{type,channel,status}}. */
    private void count(Claimed notification, String status) {
        meters.counter("emporium.notifications", "type", notification.type(), "channel", notification.channel(), "status", status)
                .increment();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String text) {
        return text == null ? null : text.length() > 500 ? text.substring(0, 500) : text;
    }

    /** A notification claimed by this sender: {@code attempts} counts this one. */
    private record Claimed(UUID id, String channel, String recipient, String subject, String body, String html, int attempts,
            String type, String messageId, OffsetDateTime claimedUntil) {
    }
}

package dev.emporium.notification.delivery;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>
 * <b>A pass claims and records in batches</b>: the due notifications are claimed in one transaction (locked with
 * {@code skip locked}, so a concurrent pass takes others), and the outcomes of the pass's sends are written together
 * in one more — two commits per pass instead of two per notification. A sender that crashes mid-pass leaves every
 * notification of its pass that it had sent without a recorded outcome SENDING, to be resent (same Message-ID) once
 * the lease runs out, as a single one was before. Once half the lease is gone the pass records what it has and hands
 * the rest back unsent (PENDING, the attempt not counted), so nothing is sent on a lease about to run out.
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
        List<Claimed> claimed = claimDue();
        if (claimed.isEmpty()) {
            return;
        }
        Instant recordBy = clock.instant().plus(properties.lease().dividedBy(2));
        List<Outcome> outcomes = new ArrayList<>();
        int next = 0;
        try {
            while (next < claimed.size() && !clock.instant().isAfter(recordBy)) {
                Claimed notification = claimed.get(next++);
                outcomes.add(deliver(notification));
            }
        } finally {
            // what was sent is recorded even when a send failed unexpectedly (that one stays SENDING until its
            // lease runs out, counted as an attempt, as before); what was not tried yet is handed back
            record(outcomes);
            if (next < claimed.size()) {
                handBack(claimed.subList(next, claimed.size()));
            }
        }
    }

    private Outcome deliver(Claimed notification) {
        try {
            if (notification.channel().equals("SMS")) {
                sms.send(notification.recipient(), notification.body());
            } else {
                email.send(new Email(notification.recipient(), notification.subject(), notification.body(), notification.html(),
                        notification.messageId()));
            }
            return new Outcome(notification, "SENT", "status = 'SENT', sent_at = :now, failure = null", Map.of());
        } catch (DeliveryFailure failure) {
            Map<String, Object> params = new HashMap<>();
            params.put("failure", truncate(failure.getMessage()));
            boolean giveUp = failure.permanent() || notification.attempts() >= properties.maxAttempts();
            if (giveUp) {
                log.warn("Notification {} to {} FAILED after {} attempt(s): {}", notification.id(), notification.recipient(),
                        notification.attempts(), failure.getMessage());
                return new Outcome(notification, "FAILED", "status = 'FAILED', failure = :failure", params);
            }
            Instant next = clock.instant().plus(properties.retryAfter(notification.attempts()));
            log.info("Notification {} not delivered (attempt {}), retrying at {}: {}", notification.id(),
                    notification.attempts(), next, failure.getMessage());
            params.put("next", next.atOffset(ZoneOffset.UTC));
            return new Outcome(notification, "RETRYING", "status = 'PENDING', next_attempt_at = :next, failure = :failure",
                    params);
        }
    }

    /**
     * Takes up to a batch of due notifications (PENDING and due, or SENDING with a lease that ran out) for this
     * sender, and commits that before anything is sent. Rows another pass has locked are skipped; each row's
     * conditional update decides a race with a pass that claimed it first, which leaves it SENDING under a running
     * lease and updates nothing. The Message-ID is fixed at the first claim.
     */
    private List<Claimed> claimDue() {
        OffsetDateTime now = now();
        OffsetDateTime until = clock.instant().plus(properties.lease()).atOffset(ZoneOffset.UTC);
        List<Claimed> claimed = ownTransaction.execute(status -> {
            List<UUID> due = jdbc.sql("""
                    select id from notification
                    where (status = 'PENDING' and next_attempt_at <= :now) or (status = 'SENDING' and claimed_until <= :now)
                    order by next_attempt_at limit :batch for update skip locked""")
                    .param("now", now).param("batch", properties.batch())
                    .query((rs, n) -> rs.getObject(1, UUID.class))
                    .list();
            List<UUID> mine = due.stream().filter(id -> jdbc.sql("""
                    update notification set status = 'SENDING', claimed_by = :me, claimed_until = :until, attempts = attempts + 1,
                           message_id = case when channel = 'EMAIL' then coalesce(message_id, :messageId) else message_id end,
                           updated_at = :now
                    where id = :id and ((status = 'PENDING' and next_attempt_at <= :now)
                                     or (status = 'SENDING' and claimed_until <= :now and attempts < :max))""")
                    .param("me", instance).param("until", until).param("messageId", properties.messageId(id))
                    .param("now", now).param("id", id).param("max", properties.maxAttempts())
                    .update() == 1).toList();
            if (mine.isEmpty()) {
                return List.of();
            }
            return jdbc.sql("""
                    select id, channel, recipient, subject, body, html_body, attempts, type, message_id, claimed_until
                    from notification where id in (:ids) and status = 'SENDING' and claimed_by = :me
                    order by next_attempt_at""")
                    .param("ids", mine).param("me", instance)
                    .query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                            rs.getString(9), rs.getObject(10, OffsetDateTime.class)))
                    .list();
        });
        return claimed == null ? List.of() : claimed;
    }

    /** The pass's outcomes, in one transaction; each counted once written. */
    private void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        List<Outcome> written = ownTransaction.execute(status -> outcomes.stream()
                .filter(outcome -> finish(outcome.notification(), outcome.assignments(), outcome.params())).toList());
        if (written != null) {
            written.forEach(outcome -> count(outcome.notification(), outcome.status()));
        }
    }

    /** Claimed but not sent (the pass ran out of lease): due again at once, this claim not counted as an attempt. */
    private void handBack(List<Claimed> unsent) {
        log.warn("{} notification(s) handed back unsent to the next pass", unsent.size());
        ownTransaction.executeWithoutResult(status -> unsent.forEach(notification -> jdbc.sql("""
                update notification set status = 'PENDING', attempts = attempts - 1, claimed_by = null,
                       claimed_until = null, updated_at = :now
                where id = :id and status = 'SENDING' and claimed_by = :me and claimed_until = :until""")
                .param("now", now()).param("id", notification.id()).param("me", instance)
                .param("until", notification.claimedUntil()).update()));
    }

    /**
     * Writes the outcome of a send while the lease is still this sender's. False when it ran out and another pass
     * took the notification meanwhile: that pass owns the outcome now (it resends with the same Message-ID).
     */
    private boolean finish(Claimed notification, String assignments, Map<String, Object> params) {
        JdbcClient.StatementSpec update = jdbc.sql("update notification set " + assignments
                        + ", claimed_by = null, claimed_until = null, updated_at = :now"
                        + " where id = :id and status = 'SENDING' and claimed_by = :me and claimed_until = :until")
                .param("now", now()).param("id", notification.id()).param("me", instance)
                .param("until", notification.claimedUntil());
        for (Map.Entry<String, Object> param : params.entrySet()) {
            update = update.param(param.getKey(), param.getValue());
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

    /** What a send came to: the assignments that record it, and the status it is counted under once written. */
    private record Outcome(Claimed notification, String status, String assignments, Map<String, Object> params) {
    }

    /** A notification claimed by this sender: {@code attempts} counts this one. */
    private record Claimed(UUID id, String channel, String recipient, String subject, String body, String html, int attempts,
            String type, String messageId, OffsetDateTime claimedUntil) {
    }
}

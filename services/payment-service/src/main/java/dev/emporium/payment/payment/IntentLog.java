package dev.emporium.payment.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Every change of a payment, each a conditional update that commits on its own: the database decides who records
 * an intent, who may call the processor for it (the lease), and who records its outcome. Two instances, a
 * redelivered command and the reconciler can race for the same payment; exactly one of them wins each step.
 * <p>
 * The lease ({@code emporium.payments.intent-lease}) must outlast one processor call with its retries
 * (read timeout × attempts plus backoff), so that nobody re-issues a call that is still under way; when the caller
 * dies, the lease runs out and anyone may re-issue the call with the same idempotency key.
 * <p>
 * A change that wins returns the payment as it wrote it, so its caller goes on without reading the row again.
 */
@Component
class IntentLog {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration lease;

    IntentLog(JdbcClient jdbc, Clock clock, @Value("${emporium.payments.intent-lease:PT15S}") Duration lease) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.lease = lease;
    }

    /** A new payment, AUTHORIZING with its AUTHORIZE intent leased to the caller; empty when the order has one. */
    Optional<Payment> authorizing(UUID id, Payment.Request request, String last4) {
        OffsetDateTime now = now();
        boolean inserted = jdbc.sql("""
                insert into payment (id, order_id, user_id, amount, currency, status, card_last4, card_token,
                    intent, intent_since, intent_lease_until, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, 'AUTHORIZING', ?, ?, 'AUTHORIZE', ?, ?, 0, ?, ?)
                on conflict do nothing""")
                .params(id, request.orderId(), request.userId(), request.amount(), request.currency(), last4,
                        request.cardToken(), now, now.plus(lease), now, now)
                .update() == 1;
        return inserted ? Optional.of(Payment.authorizing(id, request, last4, now.toInstant(), now.plus(lease).toInstant()))
                : Optional.empty();
    }

    /** A VOIDED tombstone for an order that has no payment; false when it has one. */
    boolean tombstone(String orderId) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                insert into payment (id, order_id, status, failure_reason, version, created_at, updated_at)
                values (?, ?, 'VOIDED', 'voided_before_authorization', 0, ?, ?) on conflict do nothing""")
                .params(UUID.randomUUID(), orderId, now, now).update() == 1;
    }

    /** Records {@code intent} on a payment in status {@code from} with none outstanding, leased to the caller. */
    Optional<Payment> record(Payment payment, PaymentStatus from, Intent intent) {
        OffsetDateTime now = now();
        boolean recorded = jdbc.sql("""
                update payment set intent = ?, intent_since = ?, intent_lease_until = ?, updated_at = ?,
                    version = version + 1
                where id = ? and status = ? and intent is null""")
                .params(intent.name(), now, now.plus(lease), now, payment.id(), from.name()).update() == 1;
        return recorded ? Optional.of(payment.intending(intent, now.toInstant(), now.plus(lease).toInstant()))
                : Optional.empty();
    }

    /** Takes over an outstanding {@code intent} whose caller is gone (no lease, or an expired one). */
    boolean lease(UUID id, Intent intent) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                update payment set intent_lease_until = ?
                where id = ? and intent = ? and (intent_lease_until is null or intent_lease_until < ?)""")
                .params(now.plus(lease), id, intent.name(), now).update() == 1;
    }

    /** The call is over without a known outcome: the intent stays, anyone may re-issue it at once. */
    void release(UUID id, Intent intent) {
        jdbc.sql("update payment set intent_lease_until = null where id = ? and intent = ?").params(id, intent.name())
                .update();
    }

    /** The processor's answer is known: the new status, the intent cleared. Empty when someone recorded it first. */
    Optional<Payment> finish(Payment payment, Intent intent, PaymentStatus to, String authorizationId,
            String failureReason) {
        OffsetDateTime now = now();
        boolean finished = jdbc.sql("""
                update payment set status = ?, authorization_id = coalesce(?, authorization_id),
                    failure_reason = coalesce(?, failure_reason), intent = null, intent_since = null,
                    intent_lease_until = null, updated_at = ?, version = version + 1
                where id = ? and intent = ?""")
                .params(to.name(), authorizationId, failureReason, now, payment.id(), intent.name()).update() == 1;
        return finished ? Optional.of(payment.settled(to, authorizationId, failureReason, now.toInstant()))
                : Optional.empty();
    }

    /** The processor refused the operation (definite, nothing happened): the intent is dropped, the status kept. */
    void abandon(UUID id, Intent intent) {
        jdbc.sql("""
                update payment set intent = null, intent_since = null, intent_lease_until = null, updated_at = ?,
                    version = version + 1 where id = ? and intent = ?""")
                .params(now(), id, intent.name()).update();
    }

    /** To the microsecond, as the timestamp columns keep it: the payment a change returns is the row it wrote. */
    private OffsetDateTime now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}

package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/**
 * One order's payment. Holds the card's payment-method token and last four digits, never its number. While a
 * processor call is outstanding, {@link #intent()} names it; the status changes only once the processor's answer is
 * known. A VOIDED payment without user, amount or card is a tombstone: the order was voided before it was ever
 * authorized.
 */
@Table("payment")
public class Payment {

    @Id
    private final UUID id;
    private final String orderId;
    private final String userId;
    private final BigDecimal amount;
    private final String currency;
    private final PaymentStatus status;
    private final String cardLast4;
    private final String cardToken;
    private final String authorizationId;
    private final String failureReason;
    private final Intent intent;
    private final Instant intentSince;
    private final Instant intentLeaseUntil;
    @Version
    private final Long version;
    private final Instant createdAt;
    private final Instant updatedAt;

    Payment(UUID id, String orderId, String userId, BigDecimal amount, String currency, PaymentStatus status,
            String cardLast4, String cardToken, String authorizationId, String failureReason, Intent intent,
            Instant intentSince, Instant intentLeaseUntil, Long version, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.orderId = orderId;
        this.userId = userId;
        this.amount = amount;
        this.currency = currency;
        this.status = status;
        this.cardLast4 = cardLast4;
        this.cardToken = cardToken;
        this.authorizationId = authorizationId;
        this.failureReason = failureReason;
        this.intent = intent;
        this.intentSince = intentSince;
        this.intentLeaseUntil = intentLeaseUntil;
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    /**
     * A new payment as {@link IntentLog#authorizing} inserts it: its AUTHORIZE intent leased until {@code leaseUntil},
     * the amount rounded to cents as its {@code numeric(12, 2)} column stores it.
     */
    static Payment authorizing(UUID id, Request request, String cardLast4, Instant at, Instant leaseUntil) {
        return new Payment(id, request.orderId(), request.userId(), request.amount().setScale(2, RoundingMode.HALF_UP),
                request.currency(), PaymentStatus.AUTHORIZING, cardLast4, request.cardToken(), null, null, Intent.AUTHORIZE,
                at, leaseUntil, 0L, at, at);
    }

    /** This payment once {@link IntentLog#record} has recorded {@code next}, leased until {@code leaseUntil}. */
    Payment intending(Intent next, Instant at, Instant leaseUntil) {
        return new Payment(id, orderId, userId, amount, currency, status, cardLast4, cardToken, authorizationId,
                failureReason, next, at, leaseUntil, nextVersion(), createdAt, at);
    }

    /** This payment once {@link IntentLog#finish} has recorded the processor's answer: the new status, no intent. */
    Payment settled(PaymentStatus to, String newAuthorizationId, String reason, Instant at) {
        return new Payment(id, orderId, userId, amount, currency, to, cardLast4, cardToken,
                newAuthorizationId != null ? newAuthorizationId : authorizationId, reason != null ? reason : failureReason,
                null, null, null, nextVersion(), createdAt, at);
    }

    private Long nextVersion() {
        return version == null ? 1L : version + 1;
    }

    boolean ownedBy(String user) {
        return userId != null && userId.equals(user);
    }

    /** A payment the API shows: the processor has answered its authorization, and it is not a tombstone. */
    boolean shown() {
        return status != PaymentStatus.AUTHORIZING && userId != null;
    }

    boolean tombstone() {
        return status == PaymentStatus.VOIDED && userId == null;
    }

    boolean pending(Intent expected) {
        return Objects.equals(intent, expected);
    }

    public UUID id() {
        return id;
    }

    public String orderId() {
        return orderId;
    }

    public String userId() {
        return userId;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public PaymentStatus status() {
        return status;
    }

    public String cardLast4() {
        return cardLast4 == null ? null : cardLast4.trim();
    }

    public String cardToken() {
        return cardToken;
    }

    public String authorizationId() {
        return authorizationId;
    }

    public String failureReason() {
        return failureReason;
    }

    /** The processor operation outstanding, or null. */
    public Intent intent() {
        return intent;
    }

    public Instant intentSince() {
        return intentSince;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** What the checkout saga asks to authorize. */
    public record Request(String orderId, String userId, BigDecimal amount, String currency, String cardToken) {
    }
}

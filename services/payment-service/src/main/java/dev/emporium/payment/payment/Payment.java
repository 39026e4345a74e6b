package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** One order's payment. Holds the card's token and last four digits, never its number. */
@Table("payment")
public class Payment {

    @Id
    private final UUID id;
    private final String orderId;
    private final String userId;
    private final BigDecimal amount;
    private final String currency;
    private PaymentStatus status;
    private final String cardLast4;
    private final String cardToken;
    private final String authorizationId;
    private final String failureReason;
    @Version
    private Long version;
    private final Instant createdAt;
    private Instant updatedAt;

    Payment(UUID id, String orderId, String userId, BigDecimal amount, String currency, PaymentStatus status,
            String cardLast4, String cardToken, String authorizationId, String failureReason, Long version,
            Instant createdAt, Instant updatedAt) {
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
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    static Payment authorized(Request request, String last4, String authorizationId, Instant now) {
        return new Payment(UUID.randomUUID(), request.orderId(), request.userId(), request.amount(), request.currency(),
                PaymentStatus.AUTHORIZED, last4, request.cardToken(), authorizationId, null, null, now, now);
    }

    static Payment declined(Request request, String last4, String reason, Instant now) {
        return new Payment(UUID.randomUUID(), request.orderId(), request.userId(), request.amount(), request.currency(),
                PaymentStatus.DECLINED, last4, request.cardToken(), null, reason, null, now, now);
    }

    boolean ownedBy(String user) {
        return userId.equals(user);
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
        return cardLast4;
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

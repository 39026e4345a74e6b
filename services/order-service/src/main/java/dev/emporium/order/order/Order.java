package dev.emporium.order.order;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The order aggregate: lines priced from the catalog snapshot, the total, the shipping address, the card as a
 * token and its last four digits, and the status timeline. Its status only moves along
 * PENDING → CONFIRMED | REJECTED and CONFIRMED → CANCELLED, each move recorded in {@link #history()}.
 */
@Table("orders")
public class Order {

    @Id
    private final UUID id;
    private final String userId;
    private OrderStatus status;
    private final BigDecimal total;
    private final String currency;
    @Embedded.Empty(prefix = "ship_")
    private final ShippingAddress shippingAddress;
    private final String cardLast4;
    private final String paymentMethodToken;
    private FailureReason failureReason;
    private final String idempotencyKey;
    private final String requestFingerprint;
    @MappedCollection(idColumn = "order_id", keyColumn = "line_no")
    private final List<OrderLine> items;
    @MappedCollection(idColumn = "order_id", keyColumn = "seq")
    private final List<StatusChange> history;
    private final Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;

    @PersistenceCreator
    Order(UUID id, String userId, OrderStatus status, BigDecimal total, String currency, ShippingAddress shippingAddress,
            String cardLast4, String paymentMethodToken, FailureReason failureReason, String idempotencyKey,
            String requestFingerprint, List<OrderLine> items, List<StatusChange> history, Instant createdAt,
            Instant updatedAt, Long version) {
        this.id = id;
        this.userId = userId;
        this.status = status;
        this.total = total;
        this.currency = currency;
        this.shippingAddress = shippingAddress;
        this.cardLast4 = cardLast4;
        this.paymentMethodToken = paymentMethodToken;
        this.failureReason = failureReason;
        this.idempotencyKey = idempotencyKey;
        this.requestFingerprint = requestFingerprint;
        this.items = new ArrayList<>(items);
        this.history = new ArrayList<>(history);
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.version = version;
    }

    /** A new PENDING order; the total is the sum of the lines, to the cent. */
    public static Order place(String userId, List<OrderLine> items, String currency, ShippingAddress address,
            String cardLast4, String paymentMethodToken, String idempotencyKey, String requestFingerprint, Instant now) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("An order needs at least one line");
        }
        BigDecimal total = items.stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(2, RoundingMode.HALF_EVEN);
        return new Order(UUID.randomUUID(), userId, OrderStatus.PENDING, total, currency, address, cardLast4,
                paymentMethodToken, null, idempotencyKey, requestFingerprint, items,
                List.of(new StatusChange(OrderStatus.PENDING, now, null)), now, now, null);
    }

    /** The pivot: payment is authorized and stock reserved, so the order will be fulfilled. */
    public void confirm(Instant now) {
        move(OrderStatus.PENDING, OrderStatus.CONFIRMED, null, now);
    }

    public void reject(FailureReason reason, Instant now) {
        move(OrderStatus.PENDING, OrderStatus.REJECTED, reason.name(), now);
        this.failureReason = reason;
    }

    /** Refunded and restocked. */
    public void cancel(String reason, Instant now) {
        move(OrderStatus.CONFIRMED, OrderStatus.CANCELLED, reason, now);
    }

    private void move(OrderStatus from, OrderStatus to, String reason, Instant now) {
        if (status != from) {
            throw new IllegalStateException("Order " + id + " is " + status + ", not " + from);
        }
        status = to;
        updatedAt = now;
        history.add(new StatusChange(to, now, reason));
    }

    public boolean visibleTo(String user, boolean admin) {
        return admin || userId.equals(user);
    }

    /** Whether {@code fingerprint} describes the request this order was placed with. */
    public boolean placedWith(String fingerprint) {
        return requestFingerprint != null && requestFingerprint.equals(fingerprint);
    }

    public UUID id() {
        return id;
    }

    public String userId() {
        return userId;
    }

    public OrderStatus status() {
        return status;
    }

    public BigDecimal total() {
        return total;
    }

    public String currency() {
        return currency;
    }

    public ShippingAddress shippingAddress() {
        return shippingAddress;
    }

    public String cardLast4() {
        return cardLast4;
    }

    public String paymentMethodToken() {
        return paymentMethodToken;
    }

    public FailureReason failureReason() {
        return failureReason;
    }

    public List<OrderLine> items() {
        return Collections.unmodifiableList(items);
    }

    public List<StatusChange> history() {
        return Collections.unmodifiableList(history);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    Long version() {
        return version;
    }

    /** {@link OrderTransitions} wrote a new version. */
    void versionAdvanced() {
        version = version + 1;
    }
}

package dev.emporium.notification.notification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.emporium.contracts.checkout.OrderEvent;
import dev.emporium.contracts.checkout.OrderEvent.OrderCancelled;
import dev.emporium.contracts.checkout.OrderEvent.OrderConfirmed;
import dev.emporium.contracts.checkout.OrderEvent.OrderRejected;
import dev.emporium.contracts.checkout.PaymentEvent.PaymentRefunded;
import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.platform.defaults.messaging.Inbox;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns events into queued notifications, exactly once in effect: the event id is recorded in
 * {@code processed_message} in the same transaction as the notifications it causes, so a redelivered or replayed
 * event finds it and does nothing. Sending happens afterwards ({@code Delivery}). Who to notify comes from this
 * service's own read model of users ({@code recipient}), fed by UserRegistered.
 */
@Service
public class Notifications {

    static final String CONSUMER = "notification-service";

    private final JdbcClient jdbc;
    private final Inbox inbox;
    private final Templates templates;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Inbox inbox, Templates templates, Clock clock) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.templates = templates;
        this.clock = clock;
    }

    /** A new account: remember how to reach the user, and welcome them. False when this event was already handled. */
    @Transactional
    public boolean welcome(String eventId, UserRegistered user) {
        if (!inbox.firstTime(eventId, CONSUMER)) {
            return false;
        }
        Recipient recipient = new Recipient(user.userId(), user.name(), user.email(), blankToNull(user.phone()));
        remember(recipient);
        queue(eventId, NotificationType.WELCOME, recipient, Map.of("name", recipient.name(), "email", recipient.email()));
        return true;
    }

    /**
     * ORDER_CONFIRMED / ORDER_REJECTED / ORDER_CANCELLED for the order's owner. An order of a user this service has
     * not heard of yet is an error (retried, then dead-lettered for replay), not a silent skip.
     */
    @Transactional
    public boolean order(String eventId, OrderEvent event) {
        NotificationType type = switch (event) {
            case OrderConfirmed c -> NotificationType.ORDER_CONFIRMED;
            case OrderRejected r -> NotificationType.ORDER_REJECTED;
            case OrderCancelled c -> NotificationType.ORDER_CANCELLED;
            default -> null;
        };
        if (type == null || !inbox.firstTime(eventId, CONSUMER)) {
            return false;
        }
        Recipient recipient = recipient(event.userId())
                .orElseThrow(() -> new UnknownRecipient(event.userId()));
        Map<String, Object> model = new HashMap<>();
        model.put("name", recipient.name());
        model.put("orderId", event.orderId());
        model.put("orderNumber", orderNumber(event.orderId()));
        switch (event) {
            case OrderConfirmed c -> {
                model.put("total", money(c.total()));
                model.put("currency", c.currency());
                model.put("items", c.items().stream().map(item -> Map.of("name", item.name(), "quantity", item.quantity(),
                        "unitPrice", money(item.unitPrice()),
                        "lineTotal", money(item.unitPrice().multiply(BigDecimal.valueOf(item.quantity()))))).toList());
            }
            case OrderRejected r -> {
                model.put("total", money(r.total()));
                model.put("currency", r.currency());
                model.put("reasonText", switch (r.reason()) {
                    case "OUT_OF_STOCK" -> "an item is out of stock";
                    case "PAYMENT_DECLINED" -> "the payment was declined";
                    case "TIMEOUT" -> "it could not be completed in time";
                    default -> r.reason();
                });
            }
            case OrderCancelled c -> {
                model.put("total", money(c.total()));
                model.put("currency", c.currency());
            }
            default -> {
            }
        }
        queue(eventId, type, recipient, model);
        return true;
    }

    /**
     * PAYMENT_REFUNDED for the payment's owner: the money is on its way back. Exactly once per event like the order
     * notifications (PaymentRefunded happens at most once per order, so a republished one has the same id); an
     * unknown user is an error, as for orders.
     */
    @Transactional
    public boolean refunded(String eventId, PaymentRefunded refund) {
        if (!inbox.firstTime(eventId, CONSUMER)) {
            return false;
        }
        Recipient recipient = recipient(refund.userId()).orElseThrow(() -> new UnknownRecipient(refund.userId()));
        Map<String, Object> model = new HashMap<>();
        model.put("name", recipient.name());
        model.put("orderId", refund.orderId());
        model.put("orderNumber", orderNumber(refund.orderId()));
        model.put("amount", money(refund.amount()));
        model.put("currency", refund.currency());
        queue(eventId, NotificationType.PAYMENT_REFUNDED, recipient, model);
        return true;
    }

    /** The caller's own notifications, newest first. */
    public Page<View> inbox(String userId, int page, int size) {
        return find("user_id = :user", Map.of("user", userId), page, size);
    }

    /** The notifications about one order: the caller's own, or anyone's for an admin. */
    public Page<View> aboutOrder(String orderId, String userId, boolean admin, int page, int size) {
        return admin ? find("order_id = :order", Map.of("order", orderId), page, size)
                : find("order_id = :order and user_id = :user", Map.of("order", orderId, "user", userId), page, size);
    }

    private Page<View> find(String where, Map<String, Object> params, int page, int size) {
        long total = jdbc.sql("select count(*) from notification where " + where).params(params).query(Long.class).single();
        List<View> content = jdbc.sql("select id, type, channel, recipient, subject, status, created_at, sent_at, order_id"
                        + " from notification where " + where + " order by created_at desc, id limit :limit offset :offset")
                .params(params).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new View(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getObject(8, OffsetDateTime.class) == null ? null : rs.getObject(8, OffsetDateTime.class).toInstant(),
                        rs.getString(9)))
                .list();
        return new PageImpl<>(content, PageRequest.of(page, size), total);
    }

    /** One EMAIL, and one SMS when the user has a phone number: PENDING, due now. */
    private void queue(String eventId, NotificationType type, Recipient recipient, Map<String, Object> model) {
        Templates.Rendered rendered = templates.render(type, model);
        String orderId = (String) model.get("orderId");
        insert(eventId, type, "EMAIL", recipient, recipient.email(), orderId, rendered.subject(), rendered.text(), rendered.html());
        if (recipient.phone() != null) {
            insert(eventId, type, "SMS", recipient, recipient.phone(), orderId, rendered.subject(), rendered.sms(), null);
        }
    }

    private void insert(String eventId, NotificationType type, String channel, Recipient recipient, String address,
            String orderId, String subject, String body, String html) {
        OffsetDateTime now = now();
        jdbc.sql("""
                insert into notification (id, event_id, user_id, type, channel, recipient, order_id, subject, body, html_body,
                                          status, attempts, created_at, next_attempt_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)""")
                .params(UUID.randomUUID(), eventId, recipient.userId(), type.name(), channel, address, orderId, subject, body,
                        html, now, now, now)
                .update();
    }

    private void remember(Recipient recipient) {
        int updated = jdbc.sql("update recipient set name = ?, email = ?, phone = ?, updated_at = ? where user_id = ?")
                .params(recipient.name(), recipient.email(), recipient.phone(), now(), recipient.userId()).update();
        if (updated == 0) {
            try {
                jdbc.sql("insert into recipient (user_id, name, email, phone, updated_at) values (?, ?, ?, ?, ?)")
                        .params(recipient.userId(), recipient.name(), recipient.email(), recipient.phone(), now()).update();
            } catch (DuplicateKeyException concurrent) {
                throw new IllegalStateException("Recipient " + recipient.userId() + " written concurrently; retried", concurrent);
            }
        }
    }

    Optional<Recipient> recipient(String userId) {
        return jdbc.sql("select user_id, name, email, phone from recipient where user_id = ?").param(userId)
                .query((rs, n) -> new Recipient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    /** The short order number customers see: the first eight characters of the id, upper case. */
    private static String orderNumber(String orderId) {
        return orderId.substring(0, Math.min(8, orderId.length())).toUpperCase();
    }

    private static String money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** How to reach a user, from user events. */
    record Recipient(String userId, String name, String email, String phone) {
    }

    /** The order's user is not in the read model (yet): the event is retried, then dead-lettered for replay. */
    public static class UnknownRecipient extends RuntimeException {
        UnknownRecipient(String userId) {
            super("No recipient known for user " + userId);
        }
    }

    /** A notification as the public API shows it. */
    public record View(UUID id, String type, String channel, String recipient, String subject, String status,
            Instant createdAt, Instant sentAt, String orderId) {
    }
}

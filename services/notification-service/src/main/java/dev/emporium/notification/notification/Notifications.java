package dev.emporium.notification.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.emporium.contracts.user.UserRegistered;
import dev.emporium.platform.defaults.messaging.Inbox;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns events into notifications, exactly once in effect: the event id is recorded in {@code processed_message}
 * in the same transaction as the notification, so a redelivered or replayed event finds it and does nothing.
 */
@Service
public class Notifications {

    static final String CONSUMER = "notification-service";

    private final JdbcClient jdbc;
    private final Inbox inbox;
    private final Mailer mailer;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Inbox inbox, Mailer mailer, Clock clock) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** WELCOME email for a new account; returns false when this event was already handled. */
    @Transactional
    public boolean welcome(String eventId, UserRegistered user) {
        if (!inbox.firstTime(eventId, CONSUMER)) {
            return false;
        }
        String subject = "Welcome to Emporium, " + user.name() + "!";
        String body = "Hello " + user.name() + ",\n\nyour Emporium account " + user.email()
                + " is ready. Happy shopping!\n\nThe Emporium team";
        UUID id = UUID.randomUUID();
        OffsetDateTime now = now();
        jdbc.sql("""
                insert into notification (id, event_id, user_id, type, channel, recipient, subject, body, status, attempts, created_at)
                values (?, ?, ?, 'WELCOME', 'EMAIL', ?, ?, ?, 'PENDING', 0, ?)""")
                .params(id, eventId, user.userId(), user.email(), subject, body, now).update();
        mailer.send(user.email(), subject, body);
        jdbc.sql("update notification set status = 'SENT', attempts = attempts + 1, sent_at = ? where id = ?")
                .params(now(), id).update();
        return true;
    }

    /** The caller's own notifications, newest first. */
    public Page<View> inbox(String userId, int page, int size) {
        long total = jdbc.sql("select count(*) from notification where user_id = ?").param(userId).query(Long.class).single();
        List<View> content = jdbc.sql("""
                select id, type, channel, recipient, subject, status, created_at, sent_at from notification
                where user_id = :user order by created_at desc, id limit :limit offset :offset""")
                .param("user", userId).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new View(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class).toInstant(),
                        rs.getObject(8, OffsetDateTime.class) == null ? null : rs.getObject(8, OffsetDateTime.class).toInstant()))
                .list();
        return new PageImpl<>(content, PageRequest.of(page, size), total);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    /** A notification as the public API shows it. */
    public record View(UUID id, String type, String channel, String recipient, String subject, String status,
            Instant createdAt, Instant sentAt) {
    }
}

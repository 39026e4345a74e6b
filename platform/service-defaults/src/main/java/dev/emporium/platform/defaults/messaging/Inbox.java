package dev.emporium.platform.defaults.messaging;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The idempotent consumer's memory: {@code processed_message} (each service's Flyway V1). Call {@link #firstTime} inside the transaction that applies the message's effect; a redelivered message
 * is then recognised and skipped, and if the effect rolls back, so does the record of it. {@code on conflict do
 * nothing} (PostgreSQL, and H2 in PostgreSQL mode) recognises a duplicate without an error, so the surrounding
 * transaction stays usable on PostgreSQL, where a failed statement aborts it.
 */
public class Inbox {

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the message as processed by {@code consumer}; false when it already was. */
    public boolean firstTime(String messageId, String consumer) {
        try {
            return jdbc.sql("""
                    insert into processed_message (message_id, consumer, processed_at) values (?, ?, ?)
                    on conflict do nothing""")
                    .params(messageId, consumer, OffsetDateTime.now(ZoneOffset.UTC)).update() == 1;
        } catch (DuplicateKeyException concurrentDuplicate) {
            return false;
        }
    }
}

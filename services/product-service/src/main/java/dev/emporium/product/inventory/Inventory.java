package dev.emporium.product.inventory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stock per product and reservations per order. Every change is one conditional UPDATE
 * ({@code ... where available >= :quantity}), so concurrent checkouts can never oversell and no count
 * goes negative; every command is idempotent per order id (the reservation row is the record of what
 * was done). Lines are locked in product-id order, so two orders never deadlock each other.
 * <p>
 * A reservation's life belongs to the checkout saga: nothing here releases it on a clock. A saga always ends in
 * CommitStock or ReleaseStock (it has a deadline and re-sends ReleaseStock until acknowledged), so a hold that
 * outlived its step is committed, not resold; {@link #staleReservations} only reports holds no saga seems to own.
 */
@Service
public class Inventory {

    /** The reason of a reservation refused because its lines were not valid. */
    public static final String INVALID_LINES = "INVALID_LINES";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    /** Inside a caller's transaction (the saga's command handler), a shortage rolls back to a savepoint only. */
    private final TransactionTemplate nested;
    private final ApplicationEventPublisher events;
    private final InventoryProperties properties;
    private final Clock clock;

    Inventory(JdbcClient jdbc, PlatformTransactionManager transactions, ApplicationEventPublisher events,
            InventoryProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.events = events;
        this.properties = properties;
        this.clock = clock;
    }

    /** Creates the stock record of a new product (in the caller's transaction). */
    public void open(UUID productId, int initial) {
        jdbc.sql("insert into stock_item (product_id, available, reserved, sold, updated_at) values (?, ?, 0, 0, ?)")
                .params(productId, initial, now()).update();
    }

    /** Units that can be bought now. */
    public Optional<Integer> available(UUID productId) {
        return jdbc.sql("select available from stock_item where product_id = ?").param(productId).query(Integer.class).optional();
    }

    /** Counts of one product, for tests and operators. */
    public Optional<Levels> levels(UUID productId) {
        return jdbc.sql("select available, reserved, sold from stock_item where product_id = ?").param(productId)
                .query((rs, n) -> new Levels(rs.getInt(1), rs.getInt(2), rs.getInt(3))).optional();
    }

    /**
     * Adds {@code delta} (negative to remove) to the available stock of an active product, in the caller's
     * transaction; refuses to go below zero.
     */
    public Adjustment adjust(UUID productId, int delta) {
        int updated = jdbc.sql("""
                update stock_item set available = available + :delta, updated_at = :now
                where product_id = :id and available + :delta >= 0
                  and product_id in (select id from product where active = true)""")
                .param("delta", delta).param("now", now()).param("id", productId).update();
        if (updated == 1) {
            events.publishEvent(new StockChanged(List.of(productId)));
            return Adjustment.APPLIED;
        }
        return available(productId).isPresent() ? Adjustment.WOULD_GO_NEGATIVE : Adjustment.NO_SUCH_PRODUCT;
    }

    /**
     * ReserveStock: all lines or nothing. Lines that cannot be reserved (none, or a quantity that is not positive)
     * are refused like a shortage, with reason {@value #INVALID_LINES}: the answer is the same however often the
     * command comes, so it is recorded, not thrown.
     */
    public Reservation reserve(String orderId, Map<UUID, Integer> lines) {
        Optional<Reservation> existing = find(orderId);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (lines.isEmpty() || lines.keySet().stream().anyMatch(Objects::isNull)
                || lines.values().stream().anyMatch(q -> q == null || q <= 0)) {
            return recordRejection(orderId, INVALID_LINES);
        }
        try {
            return nested.execute(status -> reserveAll(orderId, new TreeMap<>(lines)));
        } catch (Shortage shortage) {
            return recordRejection(orderId, shortage.getMessage());
        } catch (DuplicateKeyException concurrentDuplicate) {
            return find(orderId).orElseThrow();
        }
    }

    /**
     * {@code expires_at} is a legacy name: nothing expires any more. It records when the hold will count as stale
     * (reserved + {@code stale-after} at the time), for someone reading the table; the stale check itself compares
     * {@code created_at} with the current setting. Kept rather than dropped so that instances of the previous
     * version, which still write it, keep working during a rolling update.
     */
    private Reservation reserveAll(String orderId, TreeMap<UUID, Integer> lines) {
        OffsetDateTime now = now();
        jdbc.sql("insert into stock_reservation (order_id, status, expires_at, created_at, updated_at) values (?, ?, ?, ?, ?)")
                .params(orderId, ReservationStatus.RESERVED.name(), now.plus(properties.staleAfter()), now, now).update();
        for (Map.Entry<UUID, Integer> line : lines.entrySet()) {
            int updated = jdbc.sql("""
                    update stock_item set available = available - :quantity, reserved = reserved + :quantity, updated_at = :now
                    where product_id = :id and available >= :quantity
                      and product_id in (select id from product where active = true)""")
                    .param("quantity", line.getValue()).param("now", now).param("id", line.getKey()).update();
            if (updated == 0) {
                throw new Shortage("OUT_OF_STOCK:" + line.getKey());
            }
            jdbc.sql("insert into stock_reservation_line (order_id, product_id, quantity) values (?, ?, ?)")
                    .params(orderId, line.getKey(), line.getValue()).update();
        }
        events.publishEvent(new StockChanged(lines.keySet()));
        return new Reservation(orderId, ReservationStatus.RESERVED, null);
    }

    private Reservation recordRejection(String orderId, String reason) {
        return recordWithoutStock(orderId, ReservationStatus.REJECTED, reason);
    }

    /** A reservation that holds nothing: refused, or released before it was ever made. */
    private Reservation recordWithoutStock(String orderId, ReservationStatus status, String reason) {
        try {
            nested.executeWithoutResult(tx -> jdbc.sql("""
                    insert into stock_reservation (order_id, status, reason, expires_at, created_at, updated_at)
                    values (?, ?, ?, ?, ?, ?)""")
                    .params(orderId, status.name(), reason, now(), now(), now()).update());
            return new Reservation(orderId, status, reason);
        } catch (DuplicateKeyException concurrentDuplicate) {
            return find(orderId).orElseThrow();
        }
    }

    /** CommitStock: the reserved units are sold. */
    public Reservation commit(String orderId) {
        return transition(orderId, ReservationStatus.RESERVED, ReservationStatus.COMMITTED,
                "reserved = reserved - :quantity, sold = sold + :quantity", false);
    }

    /**
     * ReleaseStock: the reserved units are available again. Releasing an order never reserved (the saga gave up
     * before its ReserveStock was processed) leaves a RELEASED marker, so a late or replayed ReserveStock for it
     * holds nothing. A release after a commit changes nothing and answers COMMITTED: sold units only come back
     * through a return.
     */
    public Reservation release(String orderId) {
        if (find(orderId).isEmpty()) {
            Reservation marker = recordWithoutStock(orderId, ReservationStatus.RELEASED, "released before reserved");
            if (marker.status() != ReservationStatus.RESERVED) {
                return marker;
            }
            // a concurrent ReserveStock won the insert: release what it holds
        }
        return transition(orderId, ReservationStatus.RESERVED, ReservationStatus.RELEASED,
                "reserved = reserved - :quantity, available = available + :quantity", true);
    }

    /** ReturnStock (a confirmed order was cancelled): the sold units are available again. */
    public Reservation returnStock(String orderId) {
        return transition(orderId, ReservationStatus.COMMITTED, ReservationStatus.RETURNED,
                "sold = sold - :quantity, available = available + :quantity", true);
    }

    /**
     * Reservations RESERVED since before {@code reservedBefore}, oldest first (at most {@code limit} of them), and
     * how many there are. They are only reported, never released: see the class comment.
     */
    public Stale staleReservations(Instant reservedBefore, int limit) {
        OffsetDateTime cutoff = reservedBefore.atOffset(ZoneOffset.UTC);
        long count = jdbc.sql("select count(*) from stock_reservation where status = 'RESERVED' and created_at < ?")
                .param(cutoff).query(Long.class).single();
        List<StaleReservation> oldest = count == 0 ? List.of() : jdbc.sql("""
                select order_id, created_at from stock_reservation where status = 'RESERVED' and created_at < ?
                order by created_at, order_id fetch first %d rows only""".formatted(Math.max(1, limit)))
                .param(cutoff)
                .query((rs, n) -> new StaleReservation(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant()))
                .list();
        return new Stale(count, oldest);
    }

    public Optional<Reservation> find(String orderId) {
        return jdbc.sql("select status, reason from stock_reservation where order_id = ?").param(orderId)
                .query((rs, n) -> new Reservation(orderId, ReservationStatus.valueOf(rs.getString(1)), rs.getString(2)))
                .optional();
    }

    /** Moves the reservation only if it is in {@code from}; the counts move with it, in the same transaction. */
    private Reservation transition(String orderId, ReservationStatus from, ReservationStatus to, String assignments,
            boolean availableChanges) {
        Reservation result = tx.execute(status -> {
            int moved = jdbc.sql("update stock_reservation set status = ?, updated_at = ? where order_id = ? and status = ?")
                    .params(to.name(), now(), orderId, from.name()).update();
            if (moved == 0) {
                return null;
            }
            List<Map.Entry<UUID, Integer>> lines = jdbc.sql("""
                    select product_id, quantity from stock_reservation_line where order_id = ? order by product_id""")
                    .param(orderId).query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getInt(2))).list();
            for (Map.Entry<UUID, Integer> line : lines) {
                jdbc.sql("update stock_item set " + assignments + ", updated_at = :now where product_id = :id")
                        .param("quantity", line.getValue()).param("now", now()).param("id", line.getKey()).update();
            }
            if (availableChanges) {
                events.publishEvent(new StockChanged(lines.stream().map(Map.Entry::getKey).toList()));
            }
            return new Reservation(orderId, to, null);
        });
        return result != null ? result : find(orderId).orElseThrow(() -> new UnknownReservation(orderId));
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    Instant instant() {
        return clock.instant();
    }

    /** available + reserved + sold of one product. */
    public record Levels(int available, int reserved, int sold) {
    }

    /** How many reservations are stale, and the oldest of them. */
    public record Stale(long count, List<StaleReservation> oldest) {
    }

    /** A reservation held since {@code reservedAt} that no saga has committed or released. */
    public record StaleReservation(String orderId, Instant reservedAt) {
    }

    /** Result of an admin stock adjustment. */
    public enum Adjustment {
        APPLIED, WOULD_GO_NEGATIVE, NO_SUCH_PRODUCT
    }

    /** No reservation exists for the order. */
    public static class UnknownReservation extends RuntimeException {
        UnknownReservation(String orderId) {
            super("No reservation for order " + orderId);
        }
    }

    private static class Shortage extends RuntimeException {
        Shortage(String reason) {
            super(reason, null, false, false);
        }
    }
}

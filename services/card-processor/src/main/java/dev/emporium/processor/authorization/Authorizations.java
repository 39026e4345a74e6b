package dev.emporium.processor.authorization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Authorizations in the processor's database; {@link #lock} serializes every change of one authorization. */
@Repository
class Authorizations {

    private static final String COLUMNS = "id, reference, payment_method, status, decline_code, amount, currency, "
            + "captured_amount, refunded_amount, created_at";

    private final JdbcClient jdbc;

    Authorizations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Authorization a) {
        Timestamp now = Timestamp.from(a.createdAt());
        jdbc.sql("insert into card_authorization (" + COLUMNS + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(a.id(), a.reference(), a.paymentMethod(), a.status().name(), a.declineCode(), a.amount(),
                        a.currency(), a.capturedAmount(), a.refundedAmount(), now, now)
                .update();
    }

    Optional<Authorization> find(String id) {
        return jdbc.sql("select " + COLUMNS + " from card_authorization where id = ?").param(id)
                .query(this::row).optional();
    }

    /**
     * Reads the authorization and holds its row lock until the transaction ends: of concurrent captures or refunds
     * of one authorization each sees the others' committed amounts, so none exceeds a limit.
     */
    Optional<Authorization> lock(String id) {
        return jdbc.sql("select " + COLUMNS + " from card_authorization where id = ? for update").param(id)
                .query(this::row).optional();
    }

    void update(Authorization a) {
        jdbc.sql("""
                update card_authorization set status = ?, captured_amount = ?, refunded_amount = ?, updated_at = ?
                where id = ?""")
                .params(a.status().name(), a.capturedAmount(), a.refundedAmount(), Timestamp.from(Instant.now()), a.id())
                .update();
    }

    private Authorization row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Authorization(rs.getString("id"), rs.getString("reference"), rs.getString("payment_method"),
                Authorization.Status.valueOf(rs.getString("status")), rs.getString("decline_code"),
                money(rs.getBigDecimal("amount")), rs.getString("currency"), money(rs.getBigDecimal("captured_amount")),
                money(rs.getBigDecimal("refunded_amount")), rs.getTimestamp("created_at").toInstant());
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.UNNECESSARY);
    }
}

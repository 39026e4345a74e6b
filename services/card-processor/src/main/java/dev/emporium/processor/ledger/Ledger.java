package dev.emporium.processor.ledger;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.emporium.processor.idempotency.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The processor's record of every operation that took effect, written in the transaction of the effect (and of
 * the idempotency key's answer): an entry exists exactly when the effect does, and a replay adds none.
 */
@Repository
public class Ledger {

    private final JdbcClient jdbc;

    public Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String type, String authorizationId, String reference, BigDecimal amount, String currency,
            String outcome, String idempotencyKey) {
        jdbc.sql("""
                insert into ledger_entry (id, type, authorization_id, reference, amount, currency, outcome, idempotency_key, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Ids.next("le_"), type, authorizationId, reference, amount, currency, outcome, idempotencyKey,
                        Timestamp.from(Instant.now()))
                .update();
    }

    /** Every entry of one reference (an order), oldest first. */
    public List<LedgerEntry> of(String reference) {
        return jdbc.sql("select * from ledger_entry where reference = ? order by seq").param(reference)
                .query(Ledger::entry).list();
    }

    /** The newest {@code limit} entries, newest last. */
    public List<LedgerEntry> latest(int limit) {
        List<LedgerEntry> newestFirst = jdbc.sql("select * from ledger_entry order by seq desc limit ?").param(limit)
                .query(Ledger::entry).list();
        List<LedgerEntry> entries = new ArrayList<>(newestFirst);
        Collections.reverse(entries);
        return entries;
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        return new LedgerEntry(rs.getString("id"), rs.getString("type"), rs.getString("reference"),
                rs.getBigDecimal("amount").setScale(2, RoundingMode.UNNECESSARY), rs.getString("currency"),
                rs.getString("outcome"), rs.getString("idempotency_key"),
                rs.getTimestamp("created_at").toInstant());
    }
}

package dev.emporium.analytics.stream;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One thing that happened, as analytics counts it. Each has a key that names it ({@code order:<id>:CONFIRMED}), so
 * the same fact delivered twice is one row of the facts table.
 *
 * @param at when it happened (the event's time, not when it arrived): the hour it is counted in
 * @param amount the order total (PLACED, CONFIRMED), the money moved (CAPTURED, REFUNDED) or a line's revenue (LINE)
 * @param units items in the order (CONFIRMED) or on the line (LINE)
 * @param reason why an order was rejected (REJECTED)
 */
public record Fact(Kind kind, Instant at, String currency, BigDecimal amount, long units, String reason,
        String productId, String sku, String name) {

    public enum Kind {
        PLACED, CONFIRMED, REJECTED, CANCELLED, CAPTURED, REFUNDED, LINE, SIGNUP
    }

    static Fact of(Kind kind, Instant at, String currency, BigDecimal amount) {
        return new Fact(kind, at, currency, amount, 0, null, null, null, null);
    }

    /** Of two copies of a fact, the one that happened first counts. */
    static Fact earlier(Fact first, Fact second) {
        return second.at().isBefore(first.at()) ? second : first;
    }

    boolean isSales() {
        return kind != Kind.LINE && kind != Kind.SIGNUP;
    }
}

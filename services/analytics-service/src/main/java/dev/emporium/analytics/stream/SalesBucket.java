package dev.emporium.analytics.stream;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to orders and money in one hour and currency. Facts are added and, when a row of the facts table
 * changes or leaves, subtracted again, so the bucket always equals the sum of the facts that are in it now.
 *
 * @param rejected per reason ({@code OUT_OF_STOCK}, {@code PAYMENT_DECLINED}, {@code TIMEOUT})
 * @param revenue payments captured less payments refunded in this hour
 * @param units items in the orders confirmed in this hour
 */
public record SalesBucket(long placed, long confirmed, Map<String, Long> rejected, long cancelled,
        BigDecimal revenue, long units) {

    public static final List<String> REJECTION_REASONS = List.of("OUT_OF_STOCK",
            "PAYMENT_DECLINED", "TIMEOUT");

    public static SalesBucket empty() {
        Map<String, Long> rejected = new TreeMap<>();
        REJECTION_REASONS.forEach(reason -> rejected.put(reason, 0L));
        return new SalesBucket(0, 0, rejected, 0, BigDecimal.ZERO.setScale(2), 0);
    }

    /** With the fact counted ({@code sign} 1) or taken out again ({@code sign} -1). */
    SalesBucket with(Fact fact, int sign) {
        return switch (fact.kind()) {
            case PLACED -> new SalesBucket(placed + sign, confirmed, rejected, cancelled, revenue, units);
            case CONFIRMED -> new SalesBucket(placed, confirmed + sign, rejected, cancelled, revenue,
                    units + sign * fact.units());
            case REJECTED -> {
                Map<String, Long> counts = new TreeMap<>(rejected);
                counts.merge(fact.reason() == null ? "UNKNOWN" : fact.reason(), (long) sign, Long::sum);
                yield new SalesBucket(placed, confirmed, counts, cancelled, revenue, units);
            }
            case CANCELLED -> new SalesBucket(placed, confirmed, rejected, cancelled + sign, revenue, units);
            case CAPTURED -> new SalesBucket(placed, confirmed, rejected, cancelled,
                    revenue.add(fact.amount().multiply(BigDecimal.valueOf(sign))), units);
            case REFUNDED -> new SalesBucket(placed, confirmed, rejected, cancelled,
                    revenue.subtract(fact.amount().multiply(BigDecimal.valueOf(sign))), units);
            case LINE, SIGNUP -> this;
        };
    }

    /** Two buckets as one (the hours of a day, the currencies of a funnel). */
    public SalesBucket plus(SalesBucket other) {
        Map<String, Long> counts = new TreeMap<>(rejected);
        other.rejected.forEach((reason, n) -> counts.merge(reason, n, Long::sum));
        return new SalesBucket(placed + other.placed, confirmed + other.confirmed, counts,
                cancelled + other.cancelled, revenue.add(other.revenue), units + other.units);
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
}

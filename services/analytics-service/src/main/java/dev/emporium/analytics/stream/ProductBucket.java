package dev.emporium.analytics.stream;

import java.math.BigDecimal;

/** What one product sold in one hour: units and revenue of its lines in the orders confirmed then. */
public record ProductBucket(String productId, String sku, String name, long units, BigDecimal revenue) {

    static ProductBucket empty() {
        return new ProductBucket(null, null, null, 0, BigDecimal.ZERO.setScale(2));
    }

    ProductBucket with(Fact line, int sign) {
        return new ProductBucket(line.productId(), line.sku() != null ? line.sku() : sku,
                line.name() != null ? line.name() : name, units + sign * line.units(),
                revenue.add(line.amount().multiply(BigDecimal.valueOf(sign))));
    }

    public ProductBucket plus(ProductBucket other) {
        return new ProductBucket(other.productId != null ? other.productId : productId,
                other.sku != null ? other.sku : sku, other.name != null ? other.name : name, units + other.units,
                revenue.add(other.revenue));
    }
}

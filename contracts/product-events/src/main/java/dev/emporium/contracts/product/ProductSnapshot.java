package dev.emporium.contracts.product;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The product as it is after the change: every product event carries the whole state, so a read model
 * needs nothing but the latest event per product.
 *
 * @param available units that can be bought now (not counting reservations)
 * @param active false once the product left the catalog
 */
public record ProductSnapshot(String productId, String sku, String name, String description, String category,
        BigDecimal price, String currency, int available, boolean active, Instant updatedAt) {
}

package dev.emporium.product.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.emporium.contracts.product.ProductSnapshot;

/** A product as the public API shows it: {@code stock} is what can be bought now. */
public record ProductView(UUID id, String sku, String name, String description, String category, BigDecimal price,
        String currency, int stock, Instant createdAt, Instant updatedAt) {

    static ProductView of(Product product, int stock) {
        return new ProductView(product.id(), product.sku(), product.name(), product.description(), product.category(),
                product.price(), product.currency(), stock, product.createdAt(), product.updatedAt());
    }

    ProductSnapshot snapshot(boolean active) {
        return new ProductSnapshot(id.toString(), sku, name, description, category, price, currency, stock, active, updatedAt);
    }
}

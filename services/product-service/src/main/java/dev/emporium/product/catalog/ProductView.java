package dev.emporium.product.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.emporium.contracts.product.ProductSnapshot;

/**
 * A product as the public API shows it: {@code stock} is what can be bought now; {@code image} the URLs of its
 * picture (null when it has none), which change whenever the picture does.
 */
public record ProductView(UUID id, String sku, String name, String description, String category, BigDecimal price,
        String currency, int stock, Instant createdAt, Instant updatedAt, Image image) {

    /** Where a product's picture is served, in the two sizes; {@code v} is the picture's version. */
    public record Image(String thumb, String large) {

        static Image of(UUID productId, String version) {
            if (version == null) {
                return null;
            }
            String base = "/api/products/" + productId + "/image?size=";
            return new Image(base + "thumb&v=" + version, base + "large&v=" + version);
        }
    }

    ProductSnapshot snapshot(boolean active) {
        return new ProductSnapshot(id.toString(), sku, name, description, category, price, currency, stock, active, updatedAt);
    }
}

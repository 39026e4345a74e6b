package dev.emporium.analytics.stream;

import java.time.Instant;

import dev.emporium.contracts.product.ProductSnapshot;

/** A product as its latest event tells (product events carry the whole state). */
public record CatalogEntry(String productId, String sku, String name, int available, boolean active,
        Instant updatedAt) {

    static CatalogEntry of(ProductSnapshot product) {
        return new CatalogEntry(product.productId(), product.sku(), product.name(), product.available(),
                product.active(), product.updatedAt());
    }

    /** Events may arrive out of order (an outbox resubmits late): the newer state wins. */
    static CatalogEntry newer(CatalogEntry kept, CatalogEntry arrived) {
        if (kept.updatedAt() == null) {
            return arrived;
        }
        return arrived.updatedAt() != null && arrived.updatedAt().isBefore(kept.updatedAt()) ? kept : arrived;
    }

    public boolean outOfStock() {
        return active && available <= 0;
    }
}

package dev.emporium.contracts.product;

import java.time.Instant;
import java.util.UUID;

/** A product event as a CloudEvents 1.0 structured-mode JSON message. */
public record ProductEvent(String specversion, String id, String source, String type, Instant time, String subject,
        String datacontenttype, ProductSnapshot data) {

    public static final String SOURCE = "/emporium/product-service";
    public static final String CREATED = "dev.emporium.product.ProductCreated.v1";
    public static final String UPDATED = "dev.emporium.product.ProductUpdated.v1";
    public static final String DELETED = "dev.emporium.product.ProductDeleted.v1";
    public static final String STOCK_CHANGED = "dev.emporium.product.StockChanged.v1";

    public static ProductEvent of(String type, ProductSnapshot data) {
        return new ProductEvent("1.0", UUID.randomUUID().toString(), SOURCE, type, data.updatedAt(), data.productId(),
                "application/json", data);
    }

    /** The Kafka key: one product's events stay in order. */
    public String key() {
        return subject;
    }
}

package dev.emporium.contracts.product;

/** Kafka topics product-service publishes to. */
public final class ProductTopics {

    /** Catalog and stock changes, keyed by product id. */
    public static final String PRODUCT_EVENTS = "product-events";

    private ProductTopics() {
    }
}

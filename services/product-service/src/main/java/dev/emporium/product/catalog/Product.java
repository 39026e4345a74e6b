package dev.emporium.product.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A catalog entry. Stock is not here: it lives in the inventory, which a catalog edit never touches. */
@Table("product")
public class Product {

    @Id
    private final UUID id;
    private String sku;
    private String name;
    private String description;
    private String category;
    private BigDecimal price;
    private final String currency;
    private boolean active;
    @Version
    private Long version;
    private final Instant createdAt;
    private Instant updatedAt;
    private Instant deletedAt;

    Product(UUID id, String sku, String name, String description, String category, BigDecimal price, String currency,
            boolean active, Long version, Instant createdAt, Instant updatedAt, Instant deletedAt) {
        this.id = id;
        this.sku = sku;
        this.name = name;
        this.description = description;
        this.category = category;
        this.price = price;
        this.currency = currency;
        this.active = active;
        this.version = version;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.deletedAt = deletedAt;
    }

    static Product create(Details details, Instant now) {
        return new Product(UUID.randomUUID(), details.sku(), details.name().strip(), details.description(),
                details.category().strip(), money(details.price()), "USD", true, null, now, now, null);
    }

    void revise(Details details, Instant now) {
        requireActive();
        this.sku = details.sku();
        this.name = details.name().strip();
        this.description = details.description();
        this.category = details.category().strip();
        this.price = money(details.price());
        this.updatedAt = now;
    }

    /** Leaves the catalog; orders that snapshotted it keep their copy. */
    void delete(Instant now) {
        requireActive();
        this.active = false;
        this.deletedAt = now;
        this.updatedAt = now;
    }

    private void requireActive() {
        if (!active) {
            throw new IllegalStateException("Product " + id + " was deleted");
        }
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public UUID id() {
        return id;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String category() {
        return category;
    }

    public BigDecimal price() {
        return price;
    }

    public String currency() {
        return currency;
    }

    public boolean active() {
        return active;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** What an admin may set. */
    public record Details(String sku, String name, String description, String category, BigDecimal price) {
    }
}

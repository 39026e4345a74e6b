package dev.emporium.order.order;

import java.math.BigDecimal;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** A line as sold: sku, name and unit price are the catalog's at order time, never the client's. */
@Table("order_line")
public record OrderLine(UUID productId, String sku, String name, BigDecimal unitPrice, int quantity, BigDecimal lineTotal) {

    public static OrderLine of(UUID productId, String sku, String name, BigDecimal unitPrice, int quantity) {
        return new OrderLine(productId, sku, name, unitPrice, quantity, unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }
}

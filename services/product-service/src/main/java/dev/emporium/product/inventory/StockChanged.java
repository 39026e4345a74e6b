package dev.emporium.product.inventory;

import java.util.Collection;
import java.util.UUID;

/** Internal: the available stock of these products changed (the catalog turns it into integration events). */
public record StockChanged(Collection<UUID> productIds) {
}

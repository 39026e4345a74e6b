package dev.emporium.product.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param reservationTtl how long a reservation holds stock before it is released unless committed
 * @param expiryCheck how often expired reservations are looked for
 */
@ConfigurationProperties("emporium.inventory")
public record InventoryProperties(Duration reservationTtl, Duration expiryCheck) {
}

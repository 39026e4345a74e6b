package dev.emporium.product.inventory;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param staleAfter a reservation RESERVED for longer than this is reported as stale (gauge and warning): its saga
 *        should have committed or released it long before, so it has probably lost its orchestrator. Only reported,
 *        never released — the saga owns the reservation's life.
 * @param staleCheck how often stale reservations are counted (and, if any, logged once)
 */
@ConfigurationProperties("emporium.inventory")
public record InventoryProperties(@DefaultValue("PT15M") Duration staleAfter, @DefaultValue("PT1M") Duration staleCheck) {
}

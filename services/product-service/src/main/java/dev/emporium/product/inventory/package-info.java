/**
 * Inventory: available, reserved and sold units per product, reservations per order (made, committed,
 * released and returned idempotently, with conditional updates that can never oversell). The checkout saga owns each
 * reservation's life; reservations held too long are reported as stale, never released on a clock.
 */
package dev.emporium.product.inventory;

/**
 * Inventory: available, reserved and sold units per product, reservations per order (made, committed,
 * released, returned and expired idempotently, with conditional updates that can never oversell).
 */
package dev.emporium.product.inventory;

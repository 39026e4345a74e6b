/**
 * Checkout, the use cases that start a saga: placing an order (validation, price snapshot, card tokenization,
 * idempotency) and cancelling one. Depends on order/ and saga/; neither depends on it.
 */
package dev.emporium.order.checkout;

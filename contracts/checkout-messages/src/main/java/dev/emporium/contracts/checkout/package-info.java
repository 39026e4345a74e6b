/**
 * The checkout saga's language: commands from order-service, replies from product-service and payment-service,
 * and the order and payment integration events, all as CloudEvents keyed by order id.
 */
package dev.emporium.contracts.checkout;

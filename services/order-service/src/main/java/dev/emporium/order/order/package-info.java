/** Orders: the aggregate, placing one (validation, price snapshot, card tokenization, idempotency), the HTTP API. */
package dev.emporium.order.order;

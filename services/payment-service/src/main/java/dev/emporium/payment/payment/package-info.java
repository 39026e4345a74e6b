/** Payments: the aggregate (authorize, capture, void, refund), its use cases and the public API. */
package dev.emporium.payment.payment;

/** payment-service's part in the checkout saga: payment commands in, replies and payment events out. */
package dev.emporium.payment.checkout;

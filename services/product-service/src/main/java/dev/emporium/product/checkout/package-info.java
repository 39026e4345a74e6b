/** product-service's part in the checkout saga: stock commands in, replies out. */
package dev.emporium.product.checkout;

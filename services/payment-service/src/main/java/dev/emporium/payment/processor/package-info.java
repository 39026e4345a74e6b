/**
 * The card processor boundary: the {@link dev.emporium.payment.processor.CardProcessor} seam with its three-way
 * outcomes, its HTTP adapter (timeouts, breaker, retries of 503), and the local record of tokenized cards.
 */
package dev.emporium.payment.processor;

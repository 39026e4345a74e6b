/**
 * The card processor boundary: an interface a real PSP adapter can implement, and a simulated processor
 * with the contract's test cards, configurable latency and transient failures.
 */
package dev.emporium.payment.processor;

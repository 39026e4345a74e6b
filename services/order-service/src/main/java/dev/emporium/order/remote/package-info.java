/** Synchronous calls to other services, through discovery, behind circuit breakers. */
package dev.emporium.order.remote;

/** Answers composed at the edge from several services, in parallel, with a deadline and a degraded list. */
package dev.emporium.gateway.compose;

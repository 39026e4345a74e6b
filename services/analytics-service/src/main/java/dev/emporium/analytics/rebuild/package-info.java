/** Rebuilding the figures from offset 0: Kafka's application reset, run before the streams start. */
package dev.emporium.analytics.rebuild;

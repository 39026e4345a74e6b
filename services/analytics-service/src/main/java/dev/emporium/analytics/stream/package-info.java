/**
 * The Kafka Streams topology: every event becomes facts keyed by what they are about ("order 7 was confirmed"),
 * the facts form a table (a fact seen twice is still one row), and the figures are aggregations of that table
 * with adders and subtractors, so a duplicate, a redelivery or a replay changes nothing and a late event lands in
 * the hour it happened. See {@link dev.emporium.analytics.stream.AnalyticsTopology}.
 */
package dev.emporium.analytics.stream;

/** Inbound translators: Kafka records become application calls; unreadable records go to a dead-letter topic. */
package dev.emporium.notification.messaging;

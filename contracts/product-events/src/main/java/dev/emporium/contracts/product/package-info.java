/**
 * What product-service publishes on Kafka. JDK types only; records only grow; consumers ignore fields they
 * do not know.
 */
package dev.emporium.contracts.product;

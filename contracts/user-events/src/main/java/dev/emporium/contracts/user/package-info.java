/**
 * What user-service publishes on Kafka. JDK types only: consumers depend on this module, never on
 * user-service. Records only grow; consumers ignore fields they do not know.
 */
package dev.emporium.contracts.user;

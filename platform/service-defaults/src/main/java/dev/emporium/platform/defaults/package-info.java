/**
 * Cross-cutting infrastructure every Emporium service gets by depending on this module: configuration
 * defaults, RFC 9457 errors, request ids, body limits, Kafka defaults and health, parent-process watchdog.
 * Deliberately holds no domain types.
 */
package dev.emporium.platform.defaults;

/**
 * The one-command local platform: an in-process KRaft broker, then discovery, every service and the
 * gateway as supervised child JVMs, a live status board and one merged log stream.
 */
package dev.emporium.launcher;

/**
 * The one-command local platform: a KRaft broker, discovery, the card-processor simulator, every service and the
 * gateway as supervised child JVMs, a live status board and one merged log stream.
 */
package dev.emporium.launcher;

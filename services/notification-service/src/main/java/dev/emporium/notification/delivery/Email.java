package dev.emporium.notification.delivery;

/**
 * One email: a plain-text part and, when present, an HTML alternative. {@code messageId} ({@code <id@domain>}) is
 * the same on every send of one notification.
 */
public record Email(String to, String subject, String text, String html, String messageId) {
}

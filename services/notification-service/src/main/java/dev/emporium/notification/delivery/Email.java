package dev.emporium.notification.delivery;

/** One email: a plain-text part and, when present, an HTML alternative. */
public record Email(String to, String subject, String text, String html) {
}

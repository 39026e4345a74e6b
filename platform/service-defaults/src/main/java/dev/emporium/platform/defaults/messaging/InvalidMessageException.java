package dev.emporium.platform.defaults.messaging;

/**
 * A message that was read but can never be applied (a capture of another amount than the authorized one, a command
 * for a state that cannot exist). Retrying cannot help, so the service defaults dead-letter it at once, unlike
 * every other failure, which is treated as transient and retried with backoff (docs/events.md, "Failures").
 */
public class InvalidMessageException extends RuntimeException {

    public InvalidMessageException(String message) {
        super(message);
    }
}

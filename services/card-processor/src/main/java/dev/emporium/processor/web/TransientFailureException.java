package dev.emporium.processor.web;

/**
 * The processor cannot answer now (503): nothing took effect and nothing is stored under the idempotency key, so
 * the client's retry with the same key may succeed.
 */
public class TransientFailureException extends RuntimeException {

    public TransientFailureException(String detail) {
        super(detail);
    }
}

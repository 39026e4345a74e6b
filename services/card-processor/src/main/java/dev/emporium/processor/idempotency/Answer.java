package dev.emporium.processor.idempotency;

import org.springframework.http.HttpStatus;

/** The answer to a mutating request: what is sent, and what a repeat with the same key is sent again. */
public record Answer(HttpStatus status, Object body) {
}

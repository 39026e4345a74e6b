package dev.emporium.processor.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An answer other than success, decided by the processor: it becomes a problem+json with a machine-readable
 * {@code code}. Thrown before anything changed, so the idempotent executor can still store it as the key's answer.
 */
public class ProcessorException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public ProcessorException(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public static ProcessorException notFound(String what) {
        return new ProcessorException(HttpStatus.NOT_FOUND, "not_found", what + " does not exist.");
    }

    public static ProcessorException conflict(String code, String detail) {
        return new ProcessorException(HttpStatus.CONFLICT, code, detail);
    }

    public static ProcessorException badRequest(String code, String detail) {
        return new ProcessorException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ProblemDetail toProblem() {
        return Problems.of(status, code, getMessage());
    }
}

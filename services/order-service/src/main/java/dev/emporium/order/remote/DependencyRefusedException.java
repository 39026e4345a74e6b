package dev.emporium.order.remote;

import io.grpc.Status;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A service this service called refused the request itself (a gRPC status that says so: the same call would be
 * refused again). Answered as the matching client error, problem+json; what the callee said stays in the log, not in
 * the answer (it may name internals). Callers that know better (a refused card number) catch it and say so.
 */
public class DependencyRefusedException extends ErrorResponseException {

    private final Status.Code code;

    DependencyRefusedException(String service, Status status) {
        super(httpStatus(status.getCode()), problem(service, httpStatus(status.getCode())), status.asRuntimeException());
        this.code = status.getCode();
    }

    public Status.Code code() {
        return code;
    }

    static HttpStatus httpStatus(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case ALREADY_EXISTS, FAILED_PRECONDITION -> HttpStatus.CONFLICT;
            default -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static ProblemDetail problem(String service, HttpStatus status) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, service + " refused the request; nothing was stored.");
        problem.setTitle(status.getReasonPhrase());
        problem.setProperty("service", service);
        return problem;
    }
}

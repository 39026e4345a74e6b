package dev.emporium.order.remote;

import java.time.Duration;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 503 problem+json with {@code Retry-After}: a service the request needs is down or its breaker is open. */
public class DependencyUnavailableException extends ErrorResponseException {

    DependencyUnavailableException(String service, Duration retryAfter) {
        this(service, retryAfter, null);
    }

    DependencyUnavailableException(String service, Duration retryAfter, Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, problem(service), cause);
        getHeaders().set("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    private static ProblemDetail problem(String service) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                service + " is unavailable; nothing was stored. Try again shortly.");
        problem.setTitle("Service Unavailable");
        problem.setProperty("service", service);
        return problem;
    }
}

package dev.emporium.gateway.edge;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Errors raised by the gateway itself (no route, no instance, an instance that does not answer, a guard)
 * become problem+json like every other error in Emporium; an unreachable service is 503 with
 * {@code Retry-After}, never a 500 with a stack trace.
 */
@Component
@Order(-2)
class ProblemJsonErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonErrorHandler.class);

    private final GatewayProblems problems;

    ProblemJsonErrorHandler(GatewayProblems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        HttpStatusCode status;
        String detail;
        if (error instanceof ResponseStatusException rse) {
            status = rse.getStatusCode();
            detail = status.is5xxServerError() ? "The service is temporarily unavailable." : rse.getReason();
        } else if (causedBy(error, ConnectException.class) || causedBy(error, TimeoutException.class)) {
            status = HttpStatus.SERVICE_UNAVAILABLE;
            detail = "The service is temporarily unavailable.";
        } else if (causedBy(error, java.io.IOException.class)) {
            // the instance went away mid-request (crash, kill): the request may or may not have been applied
            log.warn("Upstream connection lost on {}: {}", exchange.getRequest().getPath(), error.toString());
            status = HttpStatus.BAD_GATEWAY;
            detail = "The service closed the connection. Retry (with the same Idempotency-Key for orders).";
        } else {
            log.error("Unexpected gateway error on {}", exchange.getRequest().getPath(), error);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = "Something went wrong on our side.";
        }
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            detail = "No such resource.";
        }
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "2");
        }
        HttpStatus resolved = HttpStatus.resolve(status.value());
        return problems.write(exchange, status, detail != null ? detail : resolved != null ? resolved.getReasonPhrase() : "Error");
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}

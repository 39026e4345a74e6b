package dev.emporium.gateway.edge;

import java.net.ConnectException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors raised by the gateway itself (no route, no instance, an instance that does not answer, a guard)
 * become problem+json like every other error in Emporium; an unreachable service is 503 with
 * {@code Retry-After}, never a 500 with a stack trace.
 */
@Component
@Order(-2)
class ProblemJsonErrorHandler implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemJsonErrorHandler.class);

    private final JsonMapper json;

    ProblemJsonErrorHandler(JsonMapper json) {
        this.json = json;
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
        } else {
            log.error("Unexpected gateway error on {}", exchange.getRequest().getPath(), error);
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            detail = "Something went wrong on our side.";
        }
        if (status.value() == HttpStatus.NOT_FOUND.value()) {
            detail = "No such resource.";
        }
        Map<String, Object> problem = new LinkedHashMap<>();
        HttpStatus resolved = HttpStatus.resolve(status.value());
        problem.put("type", "about:blank");
        problem.put("title", resolved == null ? "Error" : resolved.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail == null ? problem.get("title") : detail);
        problem.put("instance", exchange.getRequest().getPath().value());

        HttpHeaders headers = exchange.getResponse().getHeaders();
        exchange.getResponse().setStatusCode(status);
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (status.value() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
            headers.set(HttpHeaders.RETRY_AFTER, "2");
        }
        DataBuffer body = exchange.getResponse().bufferFactory().wrap(json.writeValueAsBytes(problem));
        return exchange.getResponse().writeWith(Mono.just(body));
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

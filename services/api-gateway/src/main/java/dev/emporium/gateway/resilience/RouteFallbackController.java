package dev.emporium.gateway.resilience;

import java.util.concurrent.TimeoutException;

import dev.emporium.gateway.edge.GatewayProblems;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's breaker sends what it does not pass on (open breaker, refused connection, time limit): 503
 * problem+json with {@code Retry-After}, at once — never a client waiting 30 s for a service that is gone.
 */
@RestController
class RouteFallbackController {

    private final GatewayProblems problems;
    private final RouteResilienceProperties properties;

    RouteFallbackController(GatewayProblems problems, RouteResilienceProperties properties) {
        this.problems = problems;
        this.properties = properties;
    }

    @RequestMapping("/fallback/{service}")
    Mono<Void> unavailable(@PathVariable String service, ServerWebExchange exchange) {
        Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        String detail;
        long retryAfter;
        if (cause instanceof CallNotPermittedException) {
            detail = "The " + service + " is unavailable; it is not being asked again for a few seconds.";
            retryAfter = Math.max(1, properties.openFor().toSeconds());
        } else if (cause instanceof TimeoutException) {
            detail = "The " + service + " did not answer in time. Retry (with the same Idempotency-Key for orders).";
            retryAfter = 2;
        } else {
            detail = "The " + service + " is temporarily unavailable.";
            retryAfter = 2;
        }
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        // the path the client asked for, not this forward's
        java.util.Set<java.net.URI> original = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ORIGINAL_REQUEST_URL_ATTR);
        String asked = original == null || original.isEmpty() ? exchange.getRequest().getPath().value()
                : original.iterator().next().getRawPath();
        return problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, detail, asked);
    }
}

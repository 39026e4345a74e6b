package dev.emporium.gateway.edge;

import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses what must never reach a service: paths that could climb out of a route
 * ({@code ..}, encoded dots or slashes, backslashes, matrix parameters) and bodies declared larger than
 * the limit. Services enforce the limit again for chunked bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class EdgeGuardWebFilter implements WebFilter {

    private static final String[] FORBIDDEN_IN_RAW_PATH = {"..", "%2e", "%2f", "%5c", "\\", ";", "//", "%00"};

    private final long maxBodyBytes;

    EdgeGuardWebFilter(@Value("${emporium.web.max-body-size:1MB}") DataSize maxBodySize) {
        this.maxBodyBytes = maxBodySize.toBytes();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getURI().getRawPath().toLowerCase(Locale.ROOT);
        for (String forbidden : FORBIDDEN_IN_RAW_PATH) {
            if (rawPath.contains(forbidden)) {
                return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                        "The request path is not acceptable."));
            }
        }
        if (exchange.getRequest().getHeaders().getContentLength() > maxBodyBytes) {
            return Mono.error(new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than " + maxBodyBytes + " bytes."));
        }
        return chain.filter(exchange);
    }
}

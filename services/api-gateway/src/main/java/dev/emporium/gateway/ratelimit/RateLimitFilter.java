package dev.emporium.gateway.ratelimit;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.emporium.gateway.edge.GatewayProblems;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * One token bucket per caller and rule: the authenticated user (JWT subject) when there is one, else the
 * client address. Over the limit: 429 problem+json with {@code Retry-After}. Runs after authentication, so
 * a valid token counts against its user wherever it comes from. If the bucket store fails (Redis down),
 * requests pass: losing rate limiting for a moment beats refusing every customer.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final RateLimitProperties properties;
    private final RateLimitConfiguration.BucketStore store;
    private final GatewayProblems problems;
    private final List<Rule> rules = new ArrayList<>();
    private final Rule defaults;

    RateLimitFilter(RateLimitProperties properties, RateLimitConfiguration.BucketStore store, GatewayProblems problems) {
        this.properties = properties;
        this.store = store;
        this.problems = problems;
        PathPatternParser parser = PathPatternParser.defaultInstance;
        for (Map.Entry<String, RateLimitProperties.Limit> rule : properties.rules().entrySet()) {
            rules.add(new Rule(rule.getKey(), parser.parse(rule.getValue().path()), configuration(rule.getValue())));
        }
        this.defaults = new Rule("api", parser.parse("/api/**"), configuration(properties.defaults()));
    }

    @Override
    public int getOrder() {
        // after Spring Security's filter (-100), so the principal is known
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        if (!properties.enabled() || !defaults.pattern().matches(path) || "/api/health".equals(path.value())) {
            return chain.filter(exchange);
        }
        Rule rule = rules.stream().filter(r -> r.pattern().matches(path)).findFirst().orElse(defaults);
        return exchange.getPrincipal()
                .map(RateLimitFilter::subject)
                .defaultIfEmpty("ip:" + clientAddress(exchange))
                .flatMap(caller -> Mono.fromFuture(() -> store.buckets().builder()
                                .build(properties.keyPrefix() + rule.name() + ":" + caller, rule.configuration())
                                .tryConsumeAndReturnRemaining(1))
                        .map(Optional::of)
                        .onErrorResume(error -> {
                            log.warn("Rate limit store unavailable ({}); letting the request through", error.toString());
                            return Mono.just(Optional.empty());
                        }))
                .flatMap(probe -> probe.isEmpty() ? chain.filter(exchange)
                        : probe.get().isConsumed() ? allow(exchange, chain, probe.get()) : refuse(exchange, probe.get()));
    }

    private Mono<Void> allow(ServerWebExchange exchange, WebFilterChain chain, ConsumptionProbe probe) {
        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", String.valueOf(probe.getRemainingTokens()));
        return chain.filter(exchange);
    }

    private Mono<Void> refuse(ServerWebExchange exchange, ConsumptionProbe probe) {
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        exchange.getResponse().getHeaders().set("X-RateLimit-Remaining", "0");
        return problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "Too many requests. Retry after " + seconds + " s.");
    }

    private static String subject(Principal principal) {
        return principal instanceof Authentication authentication && authentication.isAuthenticated()
                ? "user:" + authentication.getName() : "principal:" + principal.getName();
    }

    private static String clientAddress(ServerWebExchange exchange) {
        var remote = exchange.getRequest().getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private static Supplier<java.util.concurrent.CompletableFuture<BucketConfiguration>> configuration(
            RateLimitProperties.Limit limit) {
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.capacity()).refillGreedy(limit.capacity(), limit.period()).build())
                .build();
        return () -> java.util.concurrent.CompletableFuture.completedFuture(configuration);
    }

    private record Rule(String name, PathPattern pattern,
            Supplier<java.util.concurrent.CompletableFuture<BucketConfiguration>> configuration) {
    }
}

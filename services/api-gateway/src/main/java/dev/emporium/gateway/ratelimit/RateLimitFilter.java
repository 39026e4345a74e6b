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
import io.github.bucket4j.TokensInheritanceStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
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
 *
 * <p>The limits are live: a refresh of the central configuration that changes {@code emporium.gateway.rate-limit.*}
 * (a bus refresh reaches every instance) binds them again, and every bucket, in this JVM or in Redis, takes the new
 * limits at its next request (Bucket4j replaces a bucket's configuration when its version is older), keeping the
 * share of tokens it had.
 */
@Component
class RateLimitFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);
    static final String PREFIX = "emporium.gateway.rate-limit";

    private final RateLimitConfiguration.BucketStore store;
    private final GatewayProblems problems;
    private final Environment environment;
    private volatile Limits limits;

    RateLimitFilter(RateLimitProperties properties, RateLimitConfiguration.BucketStore store, GatewayProblems problems,
            Environment environment) {
        this.store = store;
        this.problems = problems;
        this.environment = environment;
        this.limits = Limits.of(properties, 1);
    }

    /** A refresh changed some settings: if they are the rate limits, the next requests see the new ones. */
    @EventListener(EnvironmentChangeEvent.class)
    void refreshed(EnvironmentChangeEvent change) {
        if (change.getKeys().stream().noneMatch(key -> key.startsWith(PREFIX))) {
            return;
        }
        RateLimitProperties fresh = Binder.get(environment).bind(PREFIX, RateLimitProperties.class).get();
        limits = Limits.of(fresh, limits.version() + 1);
        log.info("Rate limits now (version {}): {} per {} on /api/**, {}", limits.version(), fresh.defaults().capacity(),
                fresh.defaults().period(), fresh.rules());
    }

    /** What the filter applies, built once per version of the settings. */
    record Limits(RateLimitProperties properties, List<Rule> rules, Rule defaults, long version) {

        static Limits of(RateLimitProperties properties, long version) {
            PathPatternParser parser = PathPatternParser.defaultInstance;
            List<Rule> rules = new ArrayList<>();
            for (Map.Entry<String, RateLimitProperties.Limit> rule : properties.rules().entrySet()) {
                rules.add(new Rule(rule.getKey(), parser.parse(rule.getValue().path()), configuration(rule.getValue())));
            }
            return new Limits(properties, List.copyOf(rules), new Rule("api", parser.parse("/api/**"),
                    configuration(properties.defaults())), version);
        }
    }

    @Override
    public int getOrder() {
        // after Spring Security's filter (-100), so the principal is known
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        PathContainer path = exchange.getRequest().getPath().pathWithinApplication();
        Limits current = limits;
        if (!current.properties().enabled() || !current.defaults().pattern().matches(path)
                || "/api/health".equals(path.value())) {
            return chain.filter(exchange);
        }
        Rule rule = current.rules().stream().filter(r -> r.pattern().matches(path)).findFirst().orElse(current.defaults());
        return exchange.getPrincipal()
                .map(RateLimitFilter::subject)
                .defaultIfEmpty("ip:" + clientAddress(exchange))
                .flatMap(caller -> Mono.fromFuture(() -> store.buckets().builder()
                                .withImplicitConfigurationReplacement(current.version(), TokensInheritanceStrategy.PROPORTIONALLY)
                                .build(current.properties().keyPrefix() + rule.name() + ":" + caller, rule.configuration())
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

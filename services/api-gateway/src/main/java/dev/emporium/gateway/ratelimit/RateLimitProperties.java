package dev.emporium.gateway.ratelimit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.gateway.rate-limit.*}.
 *
 * @param enabled off only for experiments
 * @param redisUrl when set ({@code REDIS_URL}), buckets live in Redis and every gateway instance shares them
 * @param keyPrefix prefix of the Redis keys
 * @param defaults the limit of any API request without a more specific rule
 * @param rules named limits for path patterns (first match wins), e.g. the login endpoint
 */
@ConfigurationProperties("emporium.gateway.rate-limit")
record RateLimitProperties(boolean enabled, String redisUrl, String keyPrefix, Limit defaults, Map<String, Limit> rules) {

    RateLimitProperties {
        rules = rules == null ? Map.of() : new LinkedHashMap<>(rules);
        keyPrefix = keyPrefix == null ? "emporium:rate:" : keyPrefix;
    }

    /**
     * A token bucket: {@code capacity} requests at once, refilled at {@code capacity} per {@code period}.
     *
     * @param path a path pattern ({@code /api/users/login}); ignored for the defaults
     */
    record Limit(String path, long capacity, Duration period) {
    }
}

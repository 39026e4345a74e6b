package dev.emporium.user.token;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Failed logins are counted per email and per client address with token buckets (Bucket4j): after
 * {@code emporium.login.max-failures-per-email} failures for one email (or ten times as many from one
 * address) within the window, login answers 429 until a failure's token has refilled. Successful logins
 * cost nothing. In memory per instance: the gateway's rate limit is the shared, Redis-backed layer.
 */
@Component
class LoginThrottle {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfterAccess(Duration.ofHours(1)).build();
    private final int perEmail;
    private final Duration window;

    LoginThrottle(@Value("${emporium.login.max-failures-per-email:5}") int perEmail,
            @Value("${emporium.login.failure-window:PT15M}") Duration window) {
        this.perEmail = perEmail;
        this.window = window;
    }

    /** How long the caller must wait, when either bucket is empty. */
    Optional<Duration> blocked(String email, String address) {
        long wait = Math.max(waitNanos(emailBucket(email)), waitNanos(addressBucket(address)));
        return wait > 0 ? Optional.of(Duration.ofNanos(wait)) : Optional.empty();
    }

    void recordFailure(String email, String address) {
        emailBucket(email).tryConsume(1);
        addressBucket(address).tryConsume(1);
    }

    private Bucket emailBucket(String email) {
        return buckets.get("email:" + email, k -> bucket(perEmail));
    }

    private Bucket addressBucket(String address) {
        return buckets.get("ip:" + address, k -> bucket(perEmail * 10));
    }

    private Bucket bucket(int capacity) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                .build();
    }

    private static long waitNanos(Bucket bucket) {
        return bucket.getAvailableTokens() > 0 ? 0 : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }
}

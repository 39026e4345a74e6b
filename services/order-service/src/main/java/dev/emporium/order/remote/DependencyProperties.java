package dev.emporium.order.remote;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.dependencies.*}: deadlines and breaker settings of the synchronous calls (product-service's product
 * lookup, payment-service's card tokenization; both gRPC).
 *
 * @param deadline how long one call (one attempt) may take, connection included, before it fails DEADLINE_EXCEEDED
 */
@ConfigurationProperties("emporium.dependencies")
public record DependencyProperties(Duration deadline, Breaker breaker) {

    /**
     * @param window calls the failure rate is computed over
     * @param minimumCalls calls needed before the breaker may open
     * @param failureRatePercent failure rate (incl. calls slower than {@code slowCall}) that opens it
     * @param openFor how long it stays open before letting trial calls through
     * @param halfOpenCalls trial calls in half-open state
     * @param attempts attempts of an idempotent read (1 = no retry)
     * @param backoff first retry interval, doubled each time
     * @param concurrentCalls calls to this service at the same time at most (a bulkhead): one more is answered 503 at
     *     once, so a slow service cannot hold all of this service's request threads
     */
    public record Breaker(int window, int minimumCalls, float failureRatePercent, Duration slowCall, Duration openFor,
            int halfOpenCalls, int attempts, Duration backoff, int concurrentCalls) {

        public Breaker {
            concurrentCalls = concurrentCalls <= 0 ? 32 : concurrentCalls;
        }
    }
}

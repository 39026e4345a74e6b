package dev.emporium.order.remote;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * One service this service calls synchronously (gRPC), behind a Resilience4j bulkhead (calls at the same time), a
 * circuit breaker and a retry with exponential backoff: of any failure for idempotent reads, of a refused connection
 * (the call never arrived; the load balancer picks another instance) for any call. The thresholds are set explicitly
 * (the library's defaults need 100 calls before a breaker can open); a refused connection does not count against the
 * service, an exceeded deadline or a server fault does. A refusal of the request itself (INVALID_ARGUMENT,
 * NOT_FOUND, ...) is the caller's business: neither retried nor counted as a failure, it becomes
 * {@link DependencyRefusedException} (the matching 4xx). UNAUTHENTICATED and PERMISSION_DENIED are not the client's:
 * this service verified the customer's token before calling, so the callee refused this service's own identity (its
 * service token or scopes: a misconfiguration) — logged as an error, not retried, a 503. Anything else that fails —
 * deadline exceeded, refused connection on every attempt, UNAVAILABLE (no service token included), INTERNAL, no
 * instance in discovery, open breaker — becomes {@link DependencyUnavailableException} (503 with Retry-After).
 */
public class Dependency {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dependency.class);

    private final String name;
    private final boolean retryable;
    private final CircuitBreakerRegistry breakers;
    private final RetryRegistry retries;
    private final BulkheadRegistry bulkheads;
    private volatile CircuitBreaker breaker;
    private volatile Retry retry;
    private volatile Bulkhead bulkhead;
    private volatile Duration openFor;

    Dependency(String name, DependencyProperties.Breaker settings, boolean retryable, CircuitBreakerRegistry breakers,
            RetryRegistry retries, BulkheadRegistry bulkheads) {
        this.name = name;
        this.retryable = retryable;
        this.breakers = breakers;
        this.retries = retries;
        this.bulkheads = bulkheads;
        this.bulkhead = bulkheads.bulkhead(name, bulkheadConfig(settings));
        this.breaker = breakers.circuitBreaker(name, breakerConfig(settings));
        this.retry = retries.retry(name, retryConfig(settings));
        this.openFor = settings.openFor();
    }

    /**
     * New settings (a refreshed central configuration): a new bulkhead, breaker and retry replace the old ones in
     * their registries (metrics follow), so the breaker starts closed with an empty window; calls under way finish
     * under the old ones.
     */
    void reconfigure(DependencyProperties.Breaker settings) {
        Bulkhead newBulkhead = Bulkhead.of(name, bulkheadConfig(settings));
        CircuitBreaker newBreaker = CircuitBreaker.of(name, breakerConfig(settings));
        Retry newRetry = Retry.of(name, retryConfig(settings));
        bulkheads.replace(name, newBulkhead);
        breakers.replace(name, newBreaker);
        retries.replace(name, newRetry);
        this.bulkhead = newBulkhead;
        this.breaker = newBreaker;
        this.retry = newRetry;
        this.openFor = settings.openFor();
    }

    private static BulkheadConfig bulkheadConfig(DependencyProperties.Breaker settings) {
        return BulkheadConfig.custom()
                .maxConcurrentCalls(settings.concurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build();
    }

    private static CircuitBreakerConfig breakerConfig(DependencyProperties.Breaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.window())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallDurationThreshold(settings.slowCall())
                .slowCallRateThreshold(100)
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenCalls())
                // a refused connection is one instance gone (killed, restarting, not yet evicted from discovery): the
                // retry asks another; counted, it would open the breaker for the whole service while others answer
                // ignored, not recorded as successes either: a bad card or a gone instance says nothing either way
                .ignoreException(e -> refusal(e) || refused(e))
                .build();
    }

    private RetryConfig retryConfig(DependencyProperties.Breaker settings) {
        return RetryConfig.custom()
                .maxAttempts(settings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.backoff(), 2.0))
                // any failure of an idempotent read; of any other call, only a refused connection: it never arrived
                .retryOnException(e -> !refusal(e) && !identityRefused(e) && !(e instanceof CallNotPermittedException)
                        && (retryable || refused(e)))
                .failAfterMaxAttempts(false)
                .build();
    }

    /** The callee refused the request itself: asking again, or another instance, gives the same answer. */
    static boolean refusal(Throwable failure) {
        return failure instanceof StatusRuntimeException status && switch (status.getStatus().getCode()) {
            case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, OUT_OF_RANGE -> true;
            default -> false;
        };
    }

    /** The callee refused this service's identity (its service token, or a scope it lacks). */
    static boolean identityRefused(Throwable failure) {
        return failure instanceof StatusRuntimeException status
                && (status.getStatus().getCode() == Status.Code.UNAUTHENTICATED
                        || status.getStatus().getCode() == Status.Code.PERMISSION_DENIED);
    }

    private static boolean refused(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    /** Calls through the breaker (and retry); translates "unavailable" into a 503 the client can act on. */
    public <T> T call(Supplier<T> call) {
        Bulkhead bulkhead = this.bulkhead;
        Retry retry = this.retry;
        CircuitBreaker breaker = this.breaker;
        Duration openFor = this.openFor;
        try {
            // the bulkhead outside the breaker: a call refused for want of room says nothing about the service's health
            return Bulkhead.decorateSupplier(bulkhead, Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call))).get();
        } catch (BulkheadFullException full) {
            throw new DependencyUnavailableException(name, Duration.ofSeconds(1), full);
        } catch (CallNotPermittedException open) {
            throw new DependencyUnavailableException(name, openFor);
        } catch (RuntimeException failure) {
            if (refusal(failure)) {
                log.debug("{} refused the request: {}", name, failure.toString());
                throw new DependencyRefusedException(name, ((StatusRuntimeException) failure).getStatus());
            }
            if (identityRefused(failure)) {
                log.error("{} refused this service's identity: {} (its client secret and scopes: docs/security.md, "
                        + "\"Service identity\")", name, failure.toString());
                throw new DependencyUnavailableException(name, Duration.ofSeconds(1), failure);
            }
            // bounded by the breaker: once it opens, refused calls (above) are not logged
            log.warn("{} failed: {}", name, failure.toString());
            throw new DependencyUnavailableException(name, Duration.ofSeconds(1), failure);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }
}

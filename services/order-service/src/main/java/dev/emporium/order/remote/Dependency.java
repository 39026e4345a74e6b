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
import org.springframework.web.client.HttpClientErrorException;

/**
 * One service this service calls synchronously, behind a Resilience4j bulkhead (calls at the same time), a circuit
 * breaker and a retry with exponential backoff: of any failure for idempotent reads, of a refused connection (the
 * request never arrived; the load balancer picks another instance) for any call. The thresholds are set explicitly
 * (the library's defaults need 100 calls before a breaker can open); a refused connection does not count against the
 * service, a timeout or a 5xx does. A 4xx answer is the caller's business: it is neither retried nor counted as a
 * failure. Anything else that fails — timeout, refused connection on every attempt, 5xx, no instance in discovery,
 * open breaker — becomes {@link DependencyUnavailableException} (503 with Retry-After).
 */
public class Dependency {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Dependency.class);

    private final String name;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Bulkhead bulkhead;
    private final Duration openFor;

    Dependency(String name, DependencyProperties.Breaker settings, boolean retryable, CircuitBreakerRegistry breakers,
            RetryRegistry retries, BulkheadRegistry bulkheads) {
        this.name = name;
        this.openFor = settings.openFor();
        this.bulkhead = bulkheads.bulkhead(name, BulkheadConfig.custom()
                .maxConcurrentCalls(settings.concurrentCalls())
                .maxWaitDuration(Duration.ZERO)
                .build());
        this.breaker = breakers.circuitBreaker(name, CircuitBreakerConfig.custom()
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
                .recordException(e -> !(e instanceof HttpClientErrorException) && !refused(e))
                .build());
        this.retry = retries.retry(name, RetryConfig.custom()
                .maxAttempts(settings.attempts())
                .intervalFunction(IntervalFunction.ofExponentialBackoff(settings.backoff(), 2.0))
                // any failure of an idempotent read; of any other call, only a refused connection: it never arrived
                .retryOnException(e -> !(e instanceof HttpClientErrorException) && !(e instanceof CallNotPermittedException)
                        && (retryable || refused(e)))
                .failAfterMaxAttempts(false)
                .build());
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
        try {
            // the bulkhead outside the breaker: a call refused for want of room says nothing about the service's health
            return Bulkhead.decorateSupplier(bulkhead, Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call))).get();
        } catch (HttpClientErrorException clientError) {
            throw clientError;
        } catch (BulkheadFullException full) {
            throw new DependencyUnavailableException(name, Duration.ofSeconds(1), full);
        } catch (CallNotPermittedException open) {
            throw new DependencyUnavailableException(name, openFor);
        } catch (RuntimeException failure) {
            // bounded by the breaker: once it opens, refused calls (above) are not logged
            log.warn("{} failed: {}", name, failure.toString());
            throw new DependencyUnavailableException(name, Duration.ofSeconds(1), failure);
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }
}

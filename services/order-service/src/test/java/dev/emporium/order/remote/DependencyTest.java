package dev.emporium.order.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

/**
 * A slow service holds at most {@code concurrent-calls} of this service's threads, one call more is 503 at once; a
 * refused connection is tried again even for a call that is not idempotent, and never opens the breaker.
 */
class DependencyTest {

    @Test
    void oneCallMoreThanTheBulkheadHoldsIsRefusedAtOnceWithoutCountingAgainstTheService() throws Exception {
        Dependency dependency = new Dependency("slow-service", new DependencyProperties.Breaker(20, 5, 50, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 2, 3, Duration.ofMillis(100), 2), true, CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<?>[] slow = new CompletableFuture<?>[2];
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
        for (int i = 0; i < 2; i++) {
            slow[i] = CompletableFuture.supplyAsync(() -> dependency.call(() -> {
                inside.countDown();
                try {
                    return release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }), callers);
        }
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        assertThatThrownBy(() -> dependency.call(() -> "never called")).isInstanceOf(DependencyUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(dependency.state()).as("a full bulkhead says nothing about the service").isEqualTo(CircuitBreaker.State.CLOSED);

        release.countDown();
        CompletableFuture.allOf(slow).get(5, TimeUnit.SECONDS);
        assertThat(dependency.call(() -> "room again")).isEqualTo("room again");
        callers.close();
    }

    @Test
    void aRefusedConnectionIsTriedAgainEvenWhenTheCallIsNotIdempotentAndDoesNotOpenTheBreaker() {
        Dependency tokenization = new Dependency("payment-service", new DependencyProperties.Breaker(4, 2, 50, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 2, 3, Duration.ofMillis(1), 8), false, CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        assertThat(tokenization.call(() -> {
            if (calls.incrementAndGet() == 1) {
                throw refused();
            }
            return "token";
        })).as("the first instance was gone, the second answered").isEqualTo("token");

        for (int i = 0; i < 10; i++) {
            assertThatThrownBy(() -> tokenization.call(() -> {
                throw refused();
            })).isInstanceOf(DependencyUnavailableException.class);
        }
        assertThat(tokenization.state()).as("instances gone are not the service failing").isEqualTo(CircuitBreaker.State.CLOSED);

        calls.set(0);
        assertThatThrownBy(() -> tokenization.call(() -> {
            calls.incrementAndGet();
            throw new org.springframework.web.client.HttpServerErrorException(org.springframework.http.HttpStatus.BAD_GATEWAY);
        })).isInstanceOf(DependencyUnavailableException.class);
        assertThat(calls.get()).as("a call that may have arrived is not sent twice").isEqualTo(1);
        assertThatThrownBy(() -> tokenization.call(() -> {
            throw new org.springframework.web.client.HttpServerErrorException(org.springframework.http.HttpStatus.BAD_GATEWAY);
        })).isInstanceOf(DependencyUnavailableException.class);
        assertThat(tokenization.state()).as("5xx answers do open it").isEqualTo(CircuitBreaker.State.OPEN);
    }

    private static org.springframework.web.client.ResourceAccessException refused() {
        return new org.springframework.web.client.ResourceAccessException("I/O error", new java.net.ConnectException());
    }
}

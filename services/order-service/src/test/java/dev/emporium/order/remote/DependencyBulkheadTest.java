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

/** A slow service holds at most {@code concurrent-calls} of this service's threads; one call more is 503 at once. */
class DependencyBulkheadTest {

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
}

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
import io.grpc.Status;
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
            throw Status.INTERNAL.asRuntimeException();
        })).isInstanceOf(DependencyUnavailableException.class);
        assertThat(calls.get()).as("a call that may have arrived is not sent twice").isEqualTo(1);
        assertThatThrownBy(() -> tokenization.call(() -> {
            throw Status.DEADLINE_EXCEEDED.asRuntimeException();
        })).isInstanceOf(DependencyUnavailableException.class);
        assertThat(tokenization.state()).as("server faults and exceeded deadlines do open it").isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void aRefusalIsTheCallersBusinessNeitherRetriedNorCountedAndMappedToItsClientError() {
        Dependency lookup = lookup();
        java.util.Map<Status, Integer> expected = java.util.Map.of(Status.INVALID_ARGUMENT, 400, Status.NOT_FOUND, 404);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        expected.forEach((status, http) -> {
            calls.set(0);
            assertThatThrownBy(() -> lookup.call(() -> {
                calls.incrementAndGet();
                throw status.withDescription("no").asRuntimeException();
            })).isInstanceOfSatisfying(DependencyRefusedException.class, e -> {
                assertThat(e.getStatusCode().value()).isEqualTo(http);
                assertThat(e.code()).isEqualTo(status.getCode());
            });
            assertThat(calls.get()).as(status + " is not asked again").isEqualTo(1);
        });
        assertThat(lookup.state()).as("refusals are not the service failing").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** A refreshed configuration replaces the breaker (closed, empty window) with the new thresholds, in the registry too. */
    @Test
    void newSettingsReplaceTheBreakerWithoutARestart() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        Dependency lookup = new Dependency("product-service", new DependencyProperties.Breaker(4, 2, 50, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 2, 1, Duration.ofMillis(1), 8), true, registry, RetryRegistry.ofDefaults(),
                BulkheadRegistry.ofDefaults());
        Runnable failure = () -> assertThatThrownBy(() -> lookup.call(() -> {
            throw Status.INTERNAL.asRuntimeException();
        })).isInstanceOf(DependencyUnavailableException.class);
        failure.run();
        failure.run();
        assertThat(lookup.state()).isEqualTo(CircuitBreaker.State.OPEN);

        lookup.reconfigure(new DependencyProperties.Breaker(20, 10, 50, Duration.ofSeconds(2), Duration.ofSeconds(10), 2, 1,
                Duration.ofMillis(1), 8));
        assertThat(lookup.state()).as("a new breaker").isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(registry.circuitBreaker("product-service").getCircuitBreakerConfig().getMinimumNumberOfCalls())
                .as("the registry (and so the metrics) holds the new one").isEqualTo(10);
        for (int i = 0; i < 9; i++) {
            failure.run();
        }
        assertThat(lookup.state()).as("9 failures, 10 needed now").isEqualTo(CircuitBreaker.State.CLOSED);
    }

    /** The callee refusing this service's own token or scopes is not the client's fault: 503, asked once. */
    @Test
    void aRefusedServiceIdentityIs503AndNotAskedAgain() {
        Dependency lookup = lookup();
        for (Status status : java.util.List.of(Status.UNAUTHENTICATED, Status.PERMISSION_DENIED)) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            assertThatThrownBy(() -> lookup.call(() -> {
                calls.incrementAndGet();
                throw status.withDescription("not for you").asRuntimeException();
            })).isInstanceOfSatisfying(DependencyUnavailableException.class,
                    e -> assertThat(e.getStatusCode().value()).isEqualTo(503));
            assertThat(calls.get()).as(status + " is not asked again").isEqualTo(1);
        }
    }

    /** A real gRPC call to a port where nothing listens: UNAVAILABLE, tried again, 503, the breaker left closed. */
    @Test
    void nothingListeningIsUnavailableOverRealGrpc() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        io.grpc.ManagedChannel channel = io.grpc.Grpc.newChannelBuilder("localhost:" + closedPort,
                io.grpc.InsecureChannelCredentials.create()).build();
        try {
            Dependency lookup = lookup();
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 4; i++) {
                assertThatThrownBy(() -> lookup.call(() -> {
                    calls.incrementAndGet();
                    return dev.emporium.contracts.catalog.v1.ProductLookupGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(2, TimeUnit.SECONDS)
                            .lookup(dev.emporium.contracts.catalog.v1.LookupRequest.newBuilder().addIds("x").build());
                })).isInstanceOfSatisfying(DependencyUnavailableException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(503));
            }
            assertThat(calls.get()).as("3 attempts each").isEqualTo(12);
            assertThat(lookup.state()).as("a refused connection is an instance gone").isEqualTo(CircuitBreaker.State.CLOSED);
        } finally {
            channel.shutdownNow();
        }
    }

    private static RuntimeException refused() {
        return Status.UNAVAILABLE.withCause(new java.net.ConnectException("Connection refused")).asRuntimeException();
    }

    /** product-service's lookup (idempotent: retried) as the tests above configure it: a 4-call window, 3 attempts. */
    private static Dependency lookup() {
        return new Dependency("product-service", new DependencyProperties.Breaker(4, 2, 50, Duration.ofSeconds(2),
                Duration.ofSeconds(10), 2, 3, Duration.ofMillis(1), 8), true, CircuitBreakerRegistry.ofDefaults(),
                RetryRegistry.ofDefaults(), BulkheadRegistry.ofDefaults());
    }
}

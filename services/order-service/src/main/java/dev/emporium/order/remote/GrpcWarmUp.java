package dev.emporium.order.remote;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import dev.emporium.contracts.payments.v1.PaymentMethodsGrpc;
import dev.emporium.contracts.payments.v1.TokenizeRequest;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Once the service is up, one call without a token to each gRPC dependency, in the background: the first call loads
 * and compiles the transport, the stubs and the messages on both sides and opens the connection (measured: 3.5 s of
 * the first order's POST on a laptop-sized JVM, 0.3 s after). The callee refuses it (UNAUTHENTICATED) before any
 * work; it never goes through the breaker. Tried for a minute while a dependency is not up yet, then left to the
 * first order.
 */
class GrpcWarmUp {

    private static final Logger log = LoggerFactory.getLogger(GrpcWarmUp.class);

    private final GrpcTargets targets;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder().maxRetries(30).delay(Duration.ofSeconds(2))
            .includes(IllegalStateException.class).build());

    GrpcWarmUp(GrpcTargets targets) {
        this.targets = targets;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("grpc-warm-up").start(() -> {
            warm(CatalogClient.SERVICE, () -> ProductLookupGrpc.newBlockingStub(targets.channel(CatalogClient.SERVICE))
                    .withDeadlineAfter(5, TimeUnit.SECONDS).lookup(LookupRequest.getDefaultInstance()));
            warm(PaymentMethodsClient.SERVICE, () -> PaymentMethodsGrpc.newBlockingStub(targets.channel(PaymentMethodsClient.SERVICE))
                    .withDeadlineAfter(5, TimeUnit.SECONDS).tokenize(TokenizeRequest.getDefaultInstance()));
        });
    }

    private void warm(String service, Runnable call) {
        try {
            retry.execute(() -> {
                try {
                    call.run();
                } catch (StatusRuntimeException answered) {
                    switch (answered.getStatus().getCode()) {
                        case UNAVAILABLE, DEADLINE_EXCEEDED -> throw new IllegalStateException(answered); // not up yet
                        default -> log.debug("{} warmed up ({})", service, answered.getStatus().getCode());
                    }
                }
                return null;
            });
        } catch (Exception stillDown) {
            log.info("gRPC warm-up of {} gave up: {} (the first order will open the connection)", service, stillDown.toString());
        }
    }
}

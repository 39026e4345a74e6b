package dev.emporium.order.remote;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import dev.emporium.contracts.payments.v1.PaymentMethodsGrpc;
import dev.emporium.contracts.payments.v1.TokenizeRequest;
import dev.emporium.platform.defaults.grpc.ServiceCallCredentials;
import dev.emporium.platform.defaults.identity.ServiceTokens;
import dev.emporium.platform.defaults.identity.ServiceTokens.ServiceTokenUnavailableException;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Once the service is up, in the background: the first service token, then one empty call to each gRPC dependency
 * with it. The first call loads and compiles the transport, the stubs and the messages on both sides, opens the
 * connection and has the callee fetch the keys that verify the token (measured before service tokens: 3.5 s of the
 * first order's POST on a laptop-sized JVM, 0.3 s after). The callees refuse the empty calls (INVALID_ARGUMENT, or
 * PERMISSION_DENIED for a tokenization made for no customer) before any work; they never go through the breaker.
 * Tried for a minute while user-service or a dependency is not up yet, then left to the first order.
 */
class GrpcWarmUp {

    private static final Logger log = LoggerFactory.getLogger(GrpcWarmUp.class);

    private final GrpcTargets targets;
    private final ServiceTokens tokens;
    private final RetryTemplate retry = new RetryTemplate(RetryPolicy.builder().maxRetries(30).delay(Duration.ofSeconds(2))
            .includes(IllegalStateException.class).build());

    GrpcWarmUp(GrpcTargets targets, ServiceTokens tokens) {
        this.targets = targets;
        this.tokens = tokens;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("grpc-warm-up").start(() -> {
            try {
                retry.execute(() -> {
                    try {
                        return tokens.token();
                    } catch (ServiceTokenUnavailableException notYet) {
                        throw new IllegalStateException(notYet); // user-service not up yet
                    }
                });
            } catch (Exception noToken) {
                log.warn("No service token yet ({}); the first order will ask for one", noToken.toString());
                return;
            }
            ServiceCallCredentials credentials = new ServiceCallCredentials(tokens, null);
            warm(CatalogClient.SERVICE, () -> ProductLookupGrpc.newBlockingStub(targets.channel(CatalogClient.SERVICE))
                    .withCallCredentials(credentials)
                    .withDeadlineAfter(5, TimeUnit.SECONDS).lookup(LookupRequest.getDefaultInstance()));
            warm(PaymentMethodsClient.SERVICE, () -> PaymentMethodsGrpc.newBlockingStub(targets.channel(PaymentMethodsClient.SERVICE))
                    .withCallCredentials(credentials)
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

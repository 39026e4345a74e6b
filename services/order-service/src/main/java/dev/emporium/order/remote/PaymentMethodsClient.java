package dev.emporium.order.remote;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.emporium.contracts.payments.v1.PaymentMethodsGrpc;
import dev.emporium.contracts.payments.v1.TokenizeRequest;
import dev.emporium.platform.defaults.grpc.ServiceCallCredentials;
import dev.emporium.platform.defaults.identity.ServiceTokens;

/**
 * payment-service's tokenization ({@code emporium.payments.v1.PaymentMethods/Tokenize}, gRPC), with a deadline, behind
 * the "payment-service" bulkhead and breaker, retried only when the call never reached an instance (each call that
 * arrives issues a token). The card number goes out in this request and nowhere else; a number the processor refuses
 * comes back as {@link DependencyRefusedException} with {@code INVALID_ARGUMENT}. Each call carries
 * order-service's service token (scope {@code payments.tokenize}) and the token of the customer it is made for.
 */
public class PaymentMethodsClient {

    static final String SERVICE = "payment-service";

    private final GrpcTargets targets;
    private final ServiceTokens tokens;
    private final Dependency dependency;
    private volatile Duration deadline;

    public PaymentMethodsClient(GrpcTargets targets, ServiceTokens tokens, Dependency dependency, Duration deadline) {
        this.targets = targets;
        this.tokens = tokens;
        this.dependency = dependency;
        this.deadline = deadline;
    }

    public PaymentMethod tokenize(String cardNumber, String customerToken) {
        TokenizeRequest request = TokenizeRequest.newBuilder().setCardNumber(cardNumber).build();
        return dependency.call(() -> {
            var method = PaymentMethodsGrpc.newBlockingStub(targets.channel(SERVICE))
                    .withCallCredentials(new ServiceCallCredentials(tokens, customerToken))
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .tokenize(request);
            return new PaymentMethod(method.getToken(), method.getLast4());
        });
    }

    /** The token payment-service keeps the card behind, and its last four digits. */
    /** Refreshed settings (central configuration): the deadline of the next call, a new breaker, retry and bulkhead. */
    void reconfigure(DependencyProperties settings) {
        this.deadline = settings.deadline();
        dependency.reconfigure(settings.breaker());
    }

    public record PaymentMethod(String token, String last4) {
    }
}

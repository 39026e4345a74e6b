package dev.emporium.platform.defaults.grpc;

import java.util.concurrent.Executor;

import dev.emporium.platform.defaults.identity.ServiceTokens;
import dev.emporium.platform.defaults.identity.ServiceTokens.ServiceTokenUnavailableException;
import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Both identities of an internal call made for a customer: this service's own service token as
 * {@code authorization: Bearer …} (the callee checks its audience and scopes) and, when given, the customer's access
 * token in {@link OnBehalfOf#CUSTOMER_TOKEN}. The service token is normally held already; when it is not (the first
 * call), it is fetched on the call's executor, never on a transport thread. Without one the call fails UNAVAILABLE
 * before it is sent.
 */
public final class ServiceCallCredentials extends CallCredentials {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ServiceTokens tokens;
    private final String customerToken;

    /** {@code customerToken}: the customer's access token, or null for a call made on the service's own account. */
    public ServiceCallCredentials(ServiceTokens tokens, String customerToken) {
        this.tokens = tokens;
        this.customerToken = customerToken;
    }

    @Override
    public void applyRequestMetadata(RequestInfo request, Executor executor, MetadataApplier applier) {
        if (tokens.hasUsableToken()) {
            apply(applier);
        } else {
            executor.execute(() -> apply(applier));
        }
    }

    private void apply(MetadataApplier applier) {
        Metadata headers = new Metadata();
        try {
            headers.put(AUTHORIZATION, "Bearer " + tokens.token());
        } catch (ServiceTokenUnavailableException noToken) {
            applier.fail(Status.UNAVAILABLE.withDescription(noToken.getMessage()).withCause(noToken));
            return;
        }
        if (customerToken != null) {
            headers.put(OnBehalfOf.CUSTOMER_TOKEN, customerToken);
        }
        applier.apply(headers);
    }
}

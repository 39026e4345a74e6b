package dev.emporium.order.remote;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import org.springframework.grpc.client.interceptor.security.BearerTokenAuthenticationInterceptor;

/**
 * product-service's product lookup ({@code emporium.catalog.v1.ProductLookup/Lookup}, gRPC), through discovery, with
 * a deadline, behind the "product-service" bulkhead, breaker and retries (the call is idempotent): names and prices
 * are snapshotted from here, never from the client. The customer's token goes along as {@code authorization}.
 */
public class CatalogClient {

    static final String SERVICE = "product-service";

    private final GrpcTargets targets;
    private final Dependency dependency;
    private final Duration deadline;

    public CatalogClient(GrpcTargets targets, Dependency dependency, Duration deadline) {
        this.targets = targets;
        this.dependency = dependency;
        this.deadline = deadline;
    }

    /** The products among {@code ids} that exist (deleted ones with {@code active: false}). */
    public List<Product> lookup(List<UUID> ids, String bearerToken) {
        LookupRequest request = LookupRequest.newBuilder().addAllIds(ids.stream().map(UUID::toString).toList()).build();
        return dependency.call(() -> ProductLookupGrpc.newBlockingStub(targets.channel(SERVICE))
                .withInterceptors(new BearerTokenAuthenticationInterceptor(() -> bearerToken))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .lookup(request)
                .getProductsList().stream()
                .map(p -> new Product(UUID.fromString(p.getId()), p.getSku(), p.getName(), new BigDecimal(p.getPrice()),
                        p.getCurrency(), p.getActive()))
                .toList());
    }

    public record Product(UUID id, String sku, String name, BigDecimal price, String currency, boolean active) {
    }
}

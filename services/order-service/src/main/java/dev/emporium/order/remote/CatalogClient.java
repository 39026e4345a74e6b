package dev.emporium.order.remote;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import dev.emporium.platform.defaults.grpc.ServiceCallCredentials;
import dev.emporium.platform.defaults.identity.ServiceTokens;

/**
 * product-service's product lookup ({@code emporium.catalog.v1.ProductLookup/Lookup}, gRPC), through discovery, with
 * a deadline, behind the "product-service" bulkhead, breaker and retries (the call is idempotent): names and prices
 * are snapshotted from here, never from the client. Each call carries order-service's service token (scope
 * {@code catalog.lookup}) and the customer's token beside it.
 */
public class CatalogClient {

    static final String SERVICE = "product-service";

    private final GrpcTargets targets;
    private final ServiceTokens tokens;
    private final Dependency dependency;
    private volatile Duration deadline;

    public CatalogClient(GrpcTargets targets, ServiceTokens tokens, Dependency dependency, Duration deadline) {
        this.targets = targets;
        this.tokens = tokens;
        this.dependency = dependency;
        this.deadline = deadline;
    }

    /** The products among {@code ids} that exist (deleted ones with {@code active: false}). */
    public List<Product> lookup(List<UUID> ids, String customerToken) {
        LookupRequest request = LookupRequest.newBuilder().addAllIds(ids.stream().map(UUID::toString).toList()).build();
        return dependency.call(() -> ProductLookupGrpc.newBlockingStub(targets.channel(SERVICE))
                .withCallCredentials(new ServiceCallCredentials(tokens, customerToken))
                .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .lookup(request)
                .getProductsList().stream()
                .map(p -> new Product(UUID.fromString(p.getId()), p.getSku(), p.getName(), new BigDecimal(p.getPrice()),
                        p.getCurrency(), p.getActive()))
                .toList());
    }

    /** Refreshed settings (central configuration): the deadline of the next call, a new breaker, retry and bulkhead. */
    void reconfigure(DependencyProperties settings) {
        this.deadline = settings.deadline();
        dependency.reconfigure(settings.breaker());
    }

    public record Product(UUID id, String sku, String name, BigDecimal price, String currency, boolean active) {
    }
}

package dev.emporium.product.catalog;

import java.util.List;
import java.util.UUID;

import dev.emporium.contracts.catalog.v1.LookupReply;
import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.Product;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.springframework.stereotype.Service;

/**
 * Internal, gRPC ({@code emporium.catalog.v1.ProductLookup}, contracts/internal-rpc): order-service's price snapshot.
 * One indexed query for up to 50 ids; deleted products are returned with {@code active = false} so the caller can
 * refuse them. Callers: a service token with scope {@code catalog.lookup} (order-service's); bad ids are
 * INVALID_ARGUMENT.
 */
@Service
class ProductLookupRpc extends ProductLookupGrpc.ProductLookupImplBase {

    static final int MAX_IDS = 50;

    private final CatalogQueries queries;

    ProductLookupRpc(CatalogQueries queries) {
        this.queries = queries;
    }

    @Override
    public void lookup(LookupRequest request, StreamObserver<LookupReply> reply) {
        if (request.getIdsCount() == 0 || request.getIdsCount() > MAX_IDS) {
            refuse(reply, "ids: between 1 and " + MAX_IDS + " product ids, got " + request.getIdsCount());
            return;
        }
        List<UUID> ids;
        try {
            ids = request.getIdsList().stream().map(UUID::fromString).distinct().toList();
        } catch (IllegalArgumentException notAnId) {
            refuse(reply, "ids: not a product id among them");
            return;
        }
        LookupReply.Builder answer = LookupReply.newBuilder();
        for (CatalogQueries.LookupItem item : queries.lookup(ids)) {
            answer.addProducts(Product.newBuilder().setId(item.id().toString()).setSku(item.sku()).setName(item.name())
                    .setPrice(item.price().toPlainString()).setCurrency(item.currency()).setActive(item.active()));
        }
        reply.onNext(answer.build());
        reply.onCompleted();
    }

    private static void refuse(StreamObserver<LookupReply> reply, String why) {
        reply.onError(Status.INVALID_ARGUMENT.withDescription(why).asRuntimeException());
    }
}

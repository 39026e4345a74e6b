package dev.emporium.order.checkout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import dev.emporium.contracts.catalog.v1.LookupReply;
import dev.emporium.contracts.catalog.v1.LookupRequest;
import dev.emporium.contracts.catalog.v1.ProductLookupGrpc;
import dev.emporium.contracts.payments.v1.PaymentMethod;
import dev.emporium.contracts.payments.v1.PaymentMethodsGrpc;
import dev.emporium.contracts.payments.v1.TokenizeRequest;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * product-service's lookup and payment-service's tokenization as one real gRPC server on a local port, the stand-in
 * order-service calls through discovery (registered as simple discovery instances with metadata {@code grpc-port}).
 * {@link #failing} makes both answer INTERNAL, {@link #stalling} makes them outlive any deadline; a card mapped to
 * {@link #REFUSED} is refused INVALID_ARGUMENT. Beside it, user-service's token endpoint (real HTTP, client
 * credentials): it checks order-service's secret and issues numbered tokens; the gRPC server refuses calls without
 * one of them. What arrived in the metadata is kept, so a test can see both identities and the trace context.
 */
final class FakeServices implements AutoCloseable {

    /** A token value that makes tokenization refuse the card, as payment-service does when the processor refuses it. */
    static final String REFUSED = "refused";

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> CUSTOMER_TOKEN = Metadata.Key.of("emporium-customer-token", Metadata.ASCII_STRING_MARSHALLER);
    static final String CLIENT_SECRET = "order-service-test-secret";

    /** Tokens whose card ends with these digits are scripted by the tests. */
    final Map<String, String> tokenForCard = new ConcurrentHashMap<>();
    final Map<UUID, Product> catalog = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger tokenizations = new AtomicInteger();
    final AtomicReference<Metadata> lastHeaders = new AtomicReference<>();
    /** Service tokens issued, in order. */
    final List<String> issued = new CopyOnWriteArrayList<>();
    volatile boolean failing;
    volatile boolean stalling;

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Server server;
    private final HttpServer tokenEndpoint;

    FakeServices() throws IOException {
        ServerInterceptor headers = new ServerInterceptor() {
            @Override
            public <Q, A> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, A> call, Metadata metadata,
                    io.grpc.ServerCallHandler<Q, A> next) {
                String authorization = metadata.get(AUTHORIZATION);
                if (authorization == null || !issued.contains(authorization.substring("Bearer ".length()))) {
                    call.close(Status.UNAUTHENTICATED.withDescription("no service token"), new Metadata());
                    return new io.grpc.ServerCall.Listener<>() {
                    };
                }
                if (metadata.get(CUSTOMER_TOKEN) == null) {
                    call.close(Status.PERMISSION_DENIED.withDescription("made for no customer"), new Metadata());
                    return new io.grpc.ServerCall.Listener<>() {
                    };
                }
                lastHeaders.set(metadata); // a call made for a customer: not order-service's warm-up
                return Contexts.interceptCall(io.grpc.Context.current(), call, metadata, next);
            }
        };
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(ServerInterceptors.intercept(new Lookup(), headers))
                .addService(ServerInterceptors.intercept(new Tokenization(), headers))
                .build().start();
        tokenEndpoint = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        String expected = "Basic " + Base64.getEncoder().encodeToString(("order-service:" + CLIENT_SECRET).getBytes());
        tokenEndpoint.createContext("/oauth2/token", exchange -> {
            boolean known = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            String token = "service-token-" + (issued.size() + 1);
            String body = known ? "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":300}"
                    : "{\"error\":\"invalid_client\"}";
            if (known) {
                issued.add(token);
            }
            byte[] bytes = body.getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        tokenEndpoint.start();
    }

    String tokenUri() {
        return "http://localhost:" + tokenEndpoint.getAddress().getPort() + "/oauth2/token";
    }

    int port() {
        return server.getPort();
    }

    Product add(String name, String price) {
        Product product = new Product(UUID.randomUUID(), "SKU-" + name.toUpperCase(), name, new BigDecimal(price), "USD", true);
        catalog.put(product.id(), product);
        return product;
    }

    private final class Lookup extends ProductLookupGrpc.ProductLookupImplBase {
        @Override
        public void lookup(LookupRequest request, StreamObserver<LookupReply> reply) {
            lookups.incrementAndGet();
            if (trouble(reply)) {
                return;
            }
            List<dev.emporium.contracts.catalog.v1.Product> found = request.getIdsList().stream()
                    .map(id -> catalog.get(UUID.fromString(id))).filter(Objects::nonNull)
                    .map(p -> dev.emporium.contracts.catalog.v1.Product.newBuilder().setId(p.id().toString()).setSku(p.sku())
                            .setName(p.name()).setPrice(p.price().toPlainString()).setCurrency(p.currency())
                            .setActive(p.active()).build())
                    .toList();
            reply.onNext(LookupReply.newBuilder().addAllProducts(found).build());
            reply.onCompleted();
        }
    }

    private final class Tokenization extends PaymentMethodsGrpc.PaymentMethodsImplBase {
        @Override
        public void tokenize(TokenizeRequest request, StreamObserver<PaymentMethod> reply) {
            tokenizations.incrementAndGet();
            if (trouble(reply)) {
                return;
            }
            String number = request.getCardNumber();
            String token = tokenForCard.getOrDefault(number, "pm_" + UUID.randomUUID());
            if (token.equals(REFUSED)) {
                reply.onError(Status.INVALID_ARGUMENT.withDescription("The card number is not valid.").asRuntimeException());
                return;
            }
            reply.onNext(PaymentMethod.newBuilder().setToken(token).setLast4(number.substring(number.length() - 4)).build());
            reply.onCompleted();
        }
    }

    /** Fails or stalls the call as the test asked; true when it did. */
    private boolean trouble(StreamObserver<?> reply) {
        if (stalling) {
            try {
                closed.await(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS); // past any caller's deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply.onError(Status.CANCELLED.asRuntimeException());
            return true;
        }
        if (failing) {
            reply.onError(Status.INTERNAL.withDescription("failing on purpose").asRuntimeException());
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        closed.countDown();
        server.shutdownNow();
        tokenEndpoint.stop(0);
    }

    record Product(UUID id, String sku, String name, BigDecimal price, String currency, boolean active) {
    }
}

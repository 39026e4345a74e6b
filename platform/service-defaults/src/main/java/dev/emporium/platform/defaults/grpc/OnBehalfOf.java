package dev.emporium.platform.defaults.grpc;

import java.util.Optional;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * The customer an internal call is made for. The caller authenticates with its own service token
 * ({@code authorization}); when it acts for a customer it sends the customer's access token as well, in
 * {@link #CUSTOMER_TOKEN}. This interceptor verifies that token like the public API would (signature, issuer,
 * audience {@code emporium-api}, expiry): a bad one ends the call UNAUTHENTICATED; a good one is available to the
 * method as {@link #customer()}. Methods that act for a customer refuse calls without one. Runs after the caller's
 * authentication, so an anonymous call never gets this far.
 */
public final class OnBehalfOf implements ServerInterceptor, Ordered {

    /** The customer's access token, beside the caller's own in {@code authorization}. */
    public static final Metadata.Key<String> CUSTOMER_TOKEN =
            Metadata.Key.of("emporium-customer-token", Metadata.ASCII_STRING_MARSHALLER);

    private static final Context.Key<Jwt> CUSTOMER = Context.key("emporium-customer");

    private final JwtDecoder customers;

    public OnBehalfOf(JwtDecoder customers) {
        this.customers = customers;
    }

    /** The verified token of the customer this call is made for, if the caller named one. */
    public static Optional<Jwt> customer() {
        return Optional.ofNullable(CUSTOMER.get());
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        String token = headers.get(CUSTOMER_TOKEN);
        if (token == null) {
            return next.startCall(call, headers);
        }
        Jwt customer;
        try {
            customer = customers.decode(token);
        } catch (JwtException invalid) {
            call.close(Status.UNAUTHENTICATED.withDescription("The customer's token is not valid."), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        return Contexts.interceptCall(Context.current().withValue(CUSTOMER, customer), call, headers, next);
    }

    /** After Spring gRPC's authentication ({@code -10}): the caller is known first. */
    @Override
    public int getOrder() {
        return -5;
    }
}

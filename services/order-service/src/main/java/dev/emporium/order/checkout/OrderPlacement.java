package dev.emporium.order.checkout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.emporium.order.order.Order;
import dev.emporium.order.order.OrderLine;
import dev.emporium.order.order.Orders;
import dev.emporium.order.remote.CatalogClient;
import dev.emporium.order.remote.DependencyRefusedException;
import dev.emporium.order.remote.PaymentMethodsClient;
import dev.emporium.order.saga.CheckoutAdmission;
import dev.emporium.order.saga.CheckoutSaga;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Placing an order: check what Bean Validation cannot, shed it when the checkout is at capacity, snapshot names and
 * prices from the catalog, exchange the card for a payment-method token, then store the order and start its saga in
 * one transaction. Nothing is stored unless all of that worked. With an {@code Idempotency-Key}, a repeat of the same
 * request returns the first order (also when the repeats race each other: the unique key decides), a different
 * request with the same key is refused.
 */
@Service
public class OrderPlacement {

    private final CatalogClient catalog;
    private final PaymentMethodsClient paymentMethods;
    private final CheckoutSaga saga;
    private final CheckoutAdmission admission;
    private final Orders orders;
    private final Clock clock;

    OrderPlacement(CatalogClient catalog, PaymentMethodsClient paymentMethods, CheckoutSaga saga, CheckoutAdmission admission,
            Orders orders, Clock clock) {
        this.catalog = catalog;
        this.paymentMethods = paymentMethods;
        this.saga = saga;
        this.admission = admission;
        this.orders = orders;
        this.clock = clock;
    }

    public Placed place(String userId, String bearerToken, PlaceOrderRequest request, String idempotencyKey) {
        List<UUID> ids = request.items().stream().map(PlaceOrderRequest.Item::productId).toList();
        Set<UUID> distinct = new LinkedHashSet<>(ids);
        if (distinct.size() != ids.size()) {
            throw problem(HttpStatus.BAD_REQUEST, "Each product may appear in one line only; put the quantity there.");
        }
        String digits = CardNumber.Validator.digits(request.payment().cardNumber());
        String fingerprint = fingerprint(request, digits.substring(digits.length() - 4));
        if (idempotencyKey != null) {
            Optional<Placed> earlier = earlier(userId, idempotencyKey, fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        admission.admit();
        Map<UUID, CatalogClient.Product> products = catalog.lookup(List.copyOf(distinct), bearerToken).stream()
                .collect(Collectors.toMap(CatalogClient.Product::id, Function.identity(), (a, b) -> a));
        List<String> unknown = distinct.stream().filter(id -> !products.containsKey(id) || !products.get(id).active())
                .map(UUID::toString).toList();
        if (!unknown.isEmpty()) {
            ErrorResponseException refused = problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "Unknown or deleted products: " + String.join(", ", unknown));
            refused.getBody().setProperty("unknownProducts", unknown);
            throw refused;
        }
        Set<String> currencies = products.values().stream().map(p -> p.currency().strip()).collect(Collectors.toSet());
        if (currencies.size() != 1) {
            throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "All products of one order must be priced in one currency.");
        }
        List<OrderLine> lines = new ArrayList<>();
        for (PlaceOrderRequest.Item item : request.items()) {
            CatalogClient.Product product = products.get(item.productId());
            lines.add(OrderLine.of(product.id(), product.sku(), product.name(), product.price().setScale(2), item.quantity()));
        }
        PaymentMethodsClient.PaymentMethod card = tokenize(digits, bearerToken);
        Order order = Order.place(userId, lines, currencies.iterator().next(), request.shippingAddress().toShippingAddress(),
                card.last4(), card.token(), idempotencyKey, fingerprint, clock.instant());
        try {
            return new Placed(saga.place(order), false);
        } catch (RuntimeException e) {
            if (idempotencyKey != null && causedByDuplicateKey(e)) {
                return earlier(userId, idempotencyKey, fingerprint).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    private Optional<Placed> earlier(String userId, String idempotencyKey, String fingerprint) {
        return orders.findByUserIdAndIdempotencyKey(userId, idempotencyKey).map(existing -> {
            if (!existing.placedWith(fingerprint)) {
                throw problem(HttpStatus.UNPROCESSABLE_CONTENT,
                        "This Idempotency-Key was used for a different order; use a new key for a new order.");
            }
            return new Placed(existing, true);
        });
    }

    private PaymentMethodsClient.PaymentMethod tokenize(String cardNumber, String bearerToken) {
        try {
            return paymentMethods.tokenize(cardNumber, bearerToken);
        } catch (DependencyRefusedException refused) {
            if (refused.code() == io.grpc.Status.Code.INVALID_ARGUMENT) {
                throw problem(HttpStatus.BAD_REQUEST, "The card number is not valid.");
            }
            throw refused;
        }
    }

    /** What makes two requests "the same": lines, address and the card's last four digits (never the number). */
    static String fingerprint(PlaceOrderRequest request, String last4) {
        StringBuilder canonical = new StringBuilder();
        request.items().forEach(i -> canonical.append(i.productId()).append('x').append(i.quantity()).append(';'));
        PlaceOrderRequest.Address a = request.shippingAddress();
        for (String part : List.of(a.name(), a.line1(), a.city(), a.postalCode(), a.country(), last4)) {
            canonical.append(part.strip()).append('\u0000');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean causedByDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DuplicateKeyException) {
                return true;
            }
        }
        return false;
    }

    private static ErrorResponseException problem(HttpStatus status, String detail) {
        return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
    }

    /** The order, and whether it is an earlier one returned for a repeated Idempotency-Key. */
    public record Placed(Order order, boolean replayed) {
    }
}

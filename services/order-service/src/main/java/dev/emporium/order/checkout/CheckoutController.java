package dev.emporium.order.checkout;

import java.net.URI;
import java.util.UUID;

import dev.emporium.order.order.OrderView;
import dev.emporium.order.order.Orders;
import dev.emporium.order.order.VisibleOrders;
import dev.emporium.order.saga.CheckoutSaga;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code POST /api/orders} and {@code POST /api/orders/{id}/cancel}: what starts a checkout saga or a cancellation. */
@RestController
@RequestMapping("/api/orders")
@Validated
class CheckoutController {

    private final OrderPlacement placement;
    private final CheckoutSaga saga;
    private final VisibleOrders visibleOrders;
    private final Orders orders;

    CheckoutController(OrderPlacement placement, CheckoutSaga saga, VisibleOrders visibleOrders, Orders orders) {
        this.placement = placement;
        this.saga = saga;
        this.visibleOrders = visibleOrders;
        this.orders = orders;
    }

    /** 202: accepted, PENDING; the saga decides. {@code Location} is where to watch it. */
    @PostMapping
    ResponseEntity<OrderView> place(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody PlaceOrderRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false)
            @Pattern(regexp = "[\\x21-\\x7E]{1,100}", message = "must be 1 to 100 visible ASCII characters") String key) {
        OrderPlacement.Placed placed = placement.place(jwt.getSubject(), jwt.getTokenValue(), request, key);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/orders/" + placed.order().id()))
                .header("Idempotent-Replayed", Boolean.toString(placed.replayed()))
                .body(OrderView.of(placed.order()));
    }

    /**
     * 202: the saga refunds and restocks, then the order is CANCELLED (once a capture still outstanding is done);
     * 409 unless it is CONFIRMED and not already being cancelled.
     */
    @PostMapping("/{id}/cancel")
    ResponseEntity<OrderView> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        visibleOrders.find(jwt, id);
        if (!saga.cancel(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Only a confirmed order can be cancelled.");
        }
        return ResponseEntity.accepted().body(OrderView.of(orders.findById(id).orElseThrow()));
    }
}

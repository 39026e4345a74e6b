package dev.emporium.order.order;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import dev.emporium.order.saga.CheckoutSaga;
import dev.emporium.platform.defaults.web.PageResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/orders}: a customer places, sees and cancels their own orders; an admin sees and cancels all. */
@RestController
@RequestMapping("/api/orders")
@Validated
class OrderController {

    private final OrderPlacement placement;
    private final CheckoutSaga saga;
    private final Orders orders;

    OrderController(OrderPlacement placement, CheckoutSaga saga, Orders orders) {
        this.placement = placement;
        this.saga = saga;
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

    /** Someone else's order is "not found", so ids cannot be probed. */
    @GetMapping("/{id}")
    OrderView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return OrderView.of(visible(jwt, id));
    }

    @GetMapping
    PageResponse<OrderView> list(@AuthenticationPrincipal Jwt jwt, @RequestParam(required = false) OrderStatus status,
            @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("id")));
        Page<Order> found;
        if (admin(jwt)) {
            found = status == null ? orders.findAll(request) : orders.findByStatus(status, request);
        } else {
            found = status == null ? orders.findByUserId(jwt.getSubject(), request)
                    : orders.findByUserIdAndStatus(jwt.getSubject(), status, request);
        }
        return PageResponse.of(found.map(OrderView::of));
    }

    /** 202: the saga refunds and restocks, then the order is CANCELLED; 409 unless it is CONFIRMED. */
    @PostMapping("/{id}/cancel")
    ResponseEntity<OrderView> cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        visible(jwt, id);
        if (!saga.cancel(id)) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "Only a confirmed order can be cancelled.");
        }
        return ResponseEntity.accepted().body(OrderView.of(orders.findById(id).orElseThrow()));
    }

    private Order visible(Jwt jwt, UUID id) {
        return orders.findById(id).filter(order -> order.visibleTo(jwt.getSubject(), admin(jwt)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such order."));
    }

    private static boolean admin(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return roles != null && roles.contains("ADMIN");
    }
}

package dev.emporium.order.order;

import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import dev.emporium.platform.defaults.web.PageResponse;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code /api/orders}: a customer sees their own orders, an admin all (placing and cancelling: CheckoutController). */
@RestController
@RequestMapping("/api/orders")
@Validated
class OrderController {

    private final Orders orders;
    private final VisibleOrders visibleOrders;
    private final OrderStreams streams;

    OrderController(Orders orders, VisibleOrders visibleOrders, OrderStreams streams) {
        this.orders = orders;
        this.visibleOrders = visibleOrders;
        this.streams = streams;
    }

    /** Someone else's order is "not found", so ids cannot be probed. */
    @GetMapping("/{id}")
    OrderView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return OrderView.of(visible(jwt, id));
    }

    /** Server-Sent Events: the order's progress now, then at each status change, ended after a terminal one. */
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return streams.open(visible(jwt, id));
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

    private Order visible(Jwt jwt, UUID id) {
        return visibleOrders.find(jwt, id);
    }

    private static boolean admin(Jwt jwt) {
        return VisibleOrders.isAdmin(jwt);
    }
}

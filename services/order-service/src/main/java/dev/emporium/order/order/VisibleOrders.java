package dev.emporium.order.order;

import java.util.List;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/** Who may see which order: its owner and admins. Someone else's order is "not found", so ids cannot be probed. */
@Component
public class VisibleOrders {

    private final Orders orders;

    VisibleOrders(Orders orders) {
        this.orders = orders;
    }

    /** The order, if the caller may see it; 404 otherwise. */
    public Order find(Jwt caller, UUID id) {
        return orders.findById(id).filter(order -> order.visibleTo(caller.getSubject(), isAdmin(caller)))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such order."));
    }

    static boolean isAdmin(Jwt caller) {
        List<String> roles = caller.getClaimAsStringList("roles");
        return roles != null && roles.contains("ADMIN");
    }
}

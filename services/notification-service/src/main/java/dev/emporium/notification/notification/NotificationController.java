package dev.emporium.notification.notification;

import dev.emporium.platform.defaults.web.PageResponse;
import jakarta.validation.constraints.Max;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/notifications}: the caller's own, never anyone else's; with {@code orderId}, those about that order
 * (an admin sees them whoever they were sent to).
 */
@RestController
@Validated
class NotificationController {

    private final Notifications notifications;

    NotificationController(Notifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping("/api/notifications")
    PageResponse<Notifications.View> inbox(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(required = false) @Size(min = 1, max = 64) String orderId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        if (orderId != null) {
            List<String> roles = jwt.getClaimAsStringList("roles");
            boolean admin = roles != null && roles.contains("ADMIN");
            return PageResponse.of(notifications.aboutOrder(orderId, jwt.getSubject(), admin, page, size));
        }
        return PageResponse.of(notifications.inbox(jwt.getSubject(), page, size));
    }
}

package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** {@code /api/payments}: a customer sees their own payments, an admin everyone's and may refund. */
@RestController
@RequestMapping("/api/payments")
@Validated
class PaymentController {

    private final PaymentManagement payments;

    PaymentController(PaymentManagement payments) {
        this.payments = payments;
    }

    @GetMapping
    List<PaymentView> forOrder(@AuthenticationPrincipal Jwt jwt, @RequestParam @NotBlank @Size(max = 64) String orderId) {
        return payments.forOrder(orderId).stream().filter(p -> visible(p, jwt)).map(PaymentView::of).toList();
    }

    /** Someone else's payment is "not found", so ids cannot be probed. */
    @GetMapping("/{id}")
    PaymentView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return payments.find(id).filter(p -> visible(p, jwt)).map(PaymentView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such payment."));
    }

    @PostMapping("/{id}/refund")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<PaymentView> refund(@PathVariable UUID id) {
        Payment payment = payments.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such payment."));
        return ResponseEntity.accepted().body(PaymentView.of(payments.refund(payment)));
    }

    private static boolean visible(Payment payment, Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return payment.ownedBy(jwt.getSubject()) || (roles != null && roles.contains("ADMIN"));
    }

    /** The contract's payment: no token, no card number, only the last four digits. */
    record PaymentView(UUID id, String orderId, BigDecimal amount, String currency, PaymentStatus status,
            String cardLast4, String failureReason, Instant createdAt, Instant updatedAt) {
        static PaymentView of(Payment p) {
            return new PaymentView(p.id(), p.orderId(), p.amount(), p.currency(), p.status(), p.cardLast4(),
                    p.failureReason(), p.createdAt(), p.updatedAt());
        }
    }
}

package dev.emporium.payment.payment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
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

/**
 * {@code /api/payments}: a customer sees their own payments, an admin everyone's, may refund, and may compare our
 * payments with the processor's ledger. A payment whose authorization is not answered yet is not shown (the saga
 * has not been told about it either); a payment with an operation outstanding shows it as {@code pendingOperation}.
 */
@RestController
@RequestMapping("/api/payments")
@Validated
class PaymentController {

    private final PaymentManagement payments;
    private final ReconciliationReport reconciliation;
    private final Clock clock;

    PaymentController(PaymentManagement payments, ReconciliationReport reconciliation, Clock clock) {
        this.payments = payments;
        this.reconciliation = reconciliation;
        this.clock = clock;
    }

    @GetMapping
    List<PaymentView> forOrder(@AuthenticationPrincipal Jwt jwt, @RequestParam @NotBlank @Size(max = 64) String orderId) {
        return payments.forOrder(orderId).stream().filter(p -> visible(p, jwt)).map(PaymentView::of).toList();
    }

    /** A literal path: Spring MVC prefers it to {@code /{id}}, whatever the declaration order. */
    @GetMapping("/reconciliation")
    @PreAuthorize("hasRole('ADMIN')")
    ReconciliationReport.Report reconciliation(
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return reconciliation.report(since != null ? since : clock.instant().minus(Duration.ofHours(24)), limit);
    }

    /** Someone else's payment is "not found", so ids cannot be probed. */
    @GetMapping("/{id}")
    PaymentView get(@AuthenticationPrincipal Jwt jwt, @PathVariable UUID id) {
        return payments.find(id).filter(p -> visible(p, jwt)).map(PaymentView::of)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such payment."));
    }

    /** 202 once the refund is recorded (the processor's answer may follow, through the reconciler); 409 unless captured. */
    @PostMapping("/{id}/refund")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<PaymentView> refund(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(PaymentView.of(payments.refundRequested(id)));
    }

    private static boolean visible(Payment payment, Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return payment.shown() && (payment.ownedBy(jwt.getSubject()) || (roles != null && roles.contains("ADMIN")));
    }

    /**
     * The contract's payment: no token, no card number, only the last four digits; {@code pendingOperation}
     * ({@code CAPTURE}, {@code VOID}, {@code REFUND}) while the processor's answer to it is not recorded.
     */
    record PaymentView(UUID id, String orderId, BigDecimal amount, String currency, PaymentStatus status,
            String cardLast4, String failureReason, Intent pendingOperation, Instant createdAt, Instant updatedAt) {
        static PaymentView of(Payment p) {
            return new PaymentView(p.id(), p.orderId(), p.amount(), p.currency(), p.status(), p.cardLast4(),
                    p.failureReason(), p.intent(), p.createdAt(), p.updatedAt());
        }
    }
}

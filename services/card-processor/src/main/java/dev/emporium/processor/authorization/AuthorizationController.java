package dev.emporium.processor.authorization;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import dev.emporium.processor.idempotency.Answer;
import dev.emporium.processor.idempotency.IdempotentExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The provider's card API (public-api.md, "Card processor simulator"); every POST is idempotent by key. */
@RestController
@RequestMapping("/v1/authorizations")
class AuthorizationController {

    private final CardOperations operations;
    private final IdempotentExecutor idempotent;

    AuthorizationController(CardOperations operations, IdempotentExecutor idempotent) {
        this.operations = operations;
        this.idempotent = idempotent;
    }

    @PostMapping
    ResponseEntity<String> authorize(@RequestHeader(name = IdempotentExecutor.HEADER, required = false) String key,
            @Valid @RequestBody AuthorizeRequest body, HttpServletRequest request) {
        return idempotent.execute(key, request, body.normalized(), () -> {
            Authorization a = operations.authorize(body.reference(), body.paymentMethod(), money(body.amount()),
                    body.currency(), key);
            return new Answer(HttpStatus.CREATED, new Authorized(a.id(), a.reference(), a.status().name(),
                    a.declineCode(), a.amount(), a.currency()));
        });
    }

    @PostMapping("/{id}/capture")
    ResponseEntity<String> capture(@PathVariable String id,
            @RequestHeader(name = IdempotentExecutor.HEADER, required = false) String key,
            @Valid @RequestBody AmountRequest body, HttpServletRequest request) {
        return idempotent.execute(key, request, body.normalized(), () -> {
            Authorization a = operations.capture(id, money(body.amount()), key);
            return new Answer(HttpStatus.OK, new Captured(a.id(), a.status().name(), a.capturedAmount()));
        });
    }

    @PostMapping("/{id}/void")
    ResponseEntity<String> voidAuthorization(@PathVariable String id,
            @RequestHeader(name = IdempotentExecutor.HEADER, required = false) String key, HttpServletRequest request) {
        return idempotent.execute(key, request, null, () -> {
            Authorization a = operations.voidAuthorization(id, key);
            return new Answer(HttpStatus.OK, new Voided(a.id(), a.status().name()));
        });
    }

    @PostMapping("/{id}/refund")
    ResponseEntity<String> refund(@PathVariable String id,
            @RequestHeader(name = IdempotentExecutor.HEADER, required = false) String key,
            @Valid @RequestBody AmountRequest body, HttpServletRequest request) {
        return idempotent.execute(key, request, body.normalized(), () -> {
            Authorization a = operations.refund(id, money(body.amount()), key);
            return new Answer(HttpStatus.OK, new Refunded(a.id(), a.status().name(), a.refundedAmount()));
        });
    }

    @GetMapping("/{id}")
    State get(@PathVariable String id) {
        Authorization a = operations.get(id);
        return new State(a.id(), a.reference(), a.paymentMethod(), a.status().name(), a.declineCode(), a.amount(),
                a.currency(), a.capturedAmount(), a.refundedAmount(), a.createdAt());
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    record AuthorizeRequest(@NotBlank @Size(max = 200) String reference, @NotBlank @Size(max = 200) String paymentMethod,
            @NotNull @DecimalMin(value = "0.01") @Digits(integer = 15, fraction = 2) BigDecimal amount,
            @NotNull @Pattern(regexp = "[A-Z]{3}", message = "is a three-letter ISO 4217 code") String currency) {

        /** What the idempotency fingerprint sees: 10, 10.0 and 10.00 are one amount. */
        AuthorizeRequest normalized() {
            return new AuthorizeRequest(reference, paymentMethod, money(amount), currency);
        }
    }

    record AmountRequest(@NotNull @DecimalMin(value = "0.01") @Digits(integer = 15, fraction = 2) BigDecimal amount) {

        AmountRequest normalized() {
            return new AmountRequest(money(amount));
        }
    }

    record Authorized(String id, String reference, String status, String declineCode, BigDecimal amount,
            String currency) {
    }

    record Captured(String id, String status, BigDecimal capturedAmount) {
    }

    record Voided(String id, String status) {
    }

    record Refunded(String id, String status, BigDecimal refundedAmount) {
    }

    record State(String id, String reference, String paymentMethod, String status, String declineCode,
            BigDecimal amount, String currency, BigDecimal capturedAmount, BigDecimal refundedAmount,
            Instant createdAt) {
    }
}

package dev.emporium.processor.card;

import jakarta.servlet.http.HttpServletRequest;

import dev.emporium.processor.idempotency.Answer;
import dev.emporium.processor.idempotency.IdempotentExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/payment-methods}: how payment-service tokenizes a card number (an addition to the contract).
 * The number is checked before anything is stored and lives only in this request's memory.
 */
@RestController
class PaymentMethodController {

    private final PaymentMethods paymentMethods;
    private final IdempotentExecutor idempotent;

    PaymentMethodController(PaymentMethods paymentMethods, IdempotentExecutor idempotent) {
        this.paymentMethods = paymentMethods;
        this.idempotent = idempotent;
    }

    @PostMapping("/v1/payment-methods")
    ResponseEntity<String> create(@RequestHeader(name = IdempotentExecutor.HEADER, required = false) String key,
            @RequestBody CreatePaymentMethod body, HttpServletRequest request) {
        CardNumber card = CardNumber.parse(body.cardNumber());
        return idempotent.execute(key, request, body, () -> {
            PaymentMethods.PaymentMethod method = paymentMethods.create(card);
            return new Answer(HttpStatus.CREATED, new Created(method.id(), method.last4()));
        });
    }

    record CreatePaymentMethod(String cardNumber) {
        @Override
        public String toString() {
            return "CreatePaymentMethod[cardNumber=<hidden>]";
        }
    }

    record Created(String id, String last4) {
    }
}

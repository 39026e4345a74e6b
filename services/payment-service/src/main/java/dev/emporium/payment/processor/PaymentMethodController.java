package dev.emporium.payment.processor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Internal (not routed by the gateway): order-service exchanges the card number for a token here when the
 * order is placed; payment-service passes the number on to the card processor and keeps only the processor's
 * payment-method id and the last four digits. The number is neither stored nor logged. A processor that cannot be
 * reached answers 503 (order-service's breaker then refuses the order with nothing stored).
 */
@RestController
class PaymentMethodController {

    private final PaymentMethods methods;

    PaymentMethodController(PaymentMethods methods) {
        this.methods = methods;
    }

    @PostMapping("/internal/payment-methods")
    ResponseEntity<PaymentMethods.CardToken> tokenize(@Valid @RequestBody NewPaymentMethod request) {
        try {
            return ResponseEntity.status(HttpStatus.CREATED).body(methods.tokenize(request.cardNumber()));
        } catch (CardProcessor.InvalidCardException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The card number is not valid.");
        }
    }

    /** {@code toString} never shows the number (it could reach a log through a framework message). */
    record NewPaymentMethod(@NotBlank @Size(max = 23) String cardNumber) {
        @Override
        public String toString() {
            return "NewPaymentMethod[cardNumber=****]";
        }
    }
}

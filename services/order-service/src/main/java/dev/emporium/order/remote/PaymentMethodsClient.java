package dev.emporium.order.remote;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * payment-service's tokenization ({@code POST /internal/payment-methods}), behind the "payment-service" breaker,
 * not retried (each call issues a token). The card number goes out in this request body and nowhere else.
 */
public class PaymentMethodsClient {

    private final RestClient http;
    private final Dependency dependency;

    public PaymentMethodsClient(RestClient http, Dependency dependency) {
        this.http = http;
        this.dependency = dependency;
    }

    public PaymentMethod tokenize(String cardNumber, String bearerToken) {
        return dependency.call(() -> http.post().uri("http://payment-service/internal/payment-methods")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearerToken)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("cardNumber", cardNumber))
                .retrieve()
                .body(PaymentMethod.class));
    }

    /** The token payment-service keeps the card behind, and its last four digits. */
    public record PaymentMethod(String token, String last4) {
    }
}

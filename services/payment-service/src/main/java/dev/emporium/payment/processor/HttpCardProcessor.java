package dev.emporium.payment.processor;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The card processor over HTTP (the contract's "Card processor simulator" API, which a real provider's adapter
 * also speaks). Each call goes through the breaker; a 503 — the processor says it did nothing — is retried a
 * bounded number of times with backoff under the same idempotency key. Answers are sorted into the three-way
 * {@link Outcome}: 2xx happened; 409 and other 4xx refused (the processor decided: nothing happened) — except
 * "idempotency key in use" (409, a concurrent call with the key) and 422 (the key was used for another request),
 * which say nothing about the operation; 503 on every attempt unavailable; anything else (timeout, reset
 * connection, another 5xx, an open breaker) unknown. Nothing here logs a request body: tokenization carries the
 * card number.
 * <p>
 * A 503 does not count against the breaker: the processor answered, quickly, that it did nothing (the 4000000000000119
 * test card does so every time), and the bounded retry handles it. Counting it let one such payment, re-tried by
 * the reconciler every few seconds, hold the breaker open for everyone (found by the chaos suite). The ledger is read
 * outside the breaker: it is how an unknown outcome is resolved, so it must not be refused because of that outcome.
 */
class HttpCardProcessor implements CardProcessor {

    private static final Logger log = LoggerFactory.getLogger(HttpCardProcessor.class);
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final RestClient http;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final Retry retry;

    HttpCardProcessor(RestClient http, JsonMapper json, CircuitBreaker breaker, Retry retry) {
        this.http = http;
        this.json = json;
        this.breaker = breaker;
        this.retry = retry;
    }

    @Override
    public PaymentMethod tokenize(String cardNumber) {
        String digits = cardNumber == null ? "" : cardNumber.replaceAll("[ -]", "");
        if (!Luhn.valid(digits)) {
            throw new InvalidCardException();
        }
        Answer answer;
        try {
            // one key per tokenization: its 503 retries cannot create two payment methods
            String key = "pm:" + UUID.randomUUID();
            answer = guarded(() -> http.post().uri("/v1/payment-methods").header(IDEMPOTENCY_KEY, key)
                    .contentType(MediaType.APPLICATION_JSON).body(Map.of("cardNumber", digits))
                    .exchange((request, response) -> answer(response)));
        } catch (RuntimeException unavailable) {
            throw new ProcessorUnavailableException(unavailable);
        }
        if (answer.status() == 400) {
            throw new InvalidCardException();
        }
        if (!answer.successful()) {
            throw new ProcessorUnavailableException(new IllegalStateException("tokenization answered " + answer.status()));
        }
        Created created = json.readValue(answer.body(), Created.class);
        return new PaymentMethod(created.id(), created.last4());
    }

    @Override
    public Outcome authorize(String paymentMethod, BigDecimal amount, String currency, String reference,
            String idempotencyKey) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reference", reference);
        body.put("paymentMethod", paymentMethod);
        body.put("amount", amount);
        body.put("currency", currency);
        return mutate("/v1/authorizations", "", body, idempotencyKey, answer -> {
            Authorization authorization = json.readValue(answer.body(), Authorization.class);
            return "APPROVED".equals(authorization.status()) ? Outcome.approved(authorization.id())
                    : Outcome.declined(authorization.id(), authorization.declineCode());
        });
    }

    @Override
    public Outcome capture(String authorizationId, BigDecimal amount, String idempotencyKey) {
        return mutate("/v1/authorizations/{id}/capture", authorizationId, Map.of("amount", amount), idempotencyKey,
                this::operation);
    }

    @Override
    public Outcome voidAuthorization(String authorizationId, String idempotencyKey) {
        return mutate("/v1/authorizations/{id}/void", authorizationId, Map.of(), idempotencyKey, this::operation);
    }

    @Override
    public Outcome refund(String authorizationId, BigDecimal amount, String idempotencyKey) {
        return mutate("/v1/authorizations/{id}/refund", authorizationId, Map.of("amount", amount), idempotencyKey,
                this::operation);
    }

    @Override
    public List<LedgerEntry> ledger(String reference) {
        Answer answer;
        try {
            answer = http.get().uri(uri -> uri.path("/v1/ledger").queryParam("reference", reference).build())
                    .exchange((request, response) -> answer(response));
        } catch (RuntimeException unavailable) {
            throw new ProcessorUnavailableException(unavailable);
        }
        if (!answer.successful()) {
            throw new ProcessorUnavailableException(new IllegalStateException("the ledger answered " + answer.status()));
        }
        return json.readValue(answer.body(), new TypeReference<List<LedgerEntry>>() {
        });
    }

    /**
     * A call that moves money: never throws, answers what is known about its effect. {@code path} is a URI template,
     * so http.client.requests has one timer per operation, not one per authorization.
     */
    private Outcome mutate(String path, String authorizationId, Map<String, ?> body, String idempotencyKey, Function<Answer, Outcome> approved) {
        try {
            Answer answer = guarded(() -> http.post().uri(path, authorizationId).header(IDEMPOTENCY_KEY, idempotencyKey)
                    .contentType(MediaType.APPLICATION_JSON).body(body).exchange((request, response) -> answer(response)));
            if (answer.successful()) {
                return approved.apply(answer);
            }
            Problem problem = problem(answer);
            if (answer.status() == 422 || (answer.status() == 409 && "idempotency_key_in_use".equals(problem.code()))) {
                // not the processor's decision on the operation: a concurrent or mismatched use of the key
                return Outcome.unknown(answer.status() + " " + problem.code());
            }
            return Outcome.refused(answer.status() + " " + (problem.detail() != null ? problem.detail() : problem.title()));
        } catch (Busy exhausted) {
            return Outcome.unavailable();
        } catch (CallNotPermittedException open) {
            return Outcome.unknown("the card-processor breaker is open");
        } catch (RuntimeException noAnswer) {
            log.warn("No answer from the card processor for {} ({}): its outcome is unknown", path, noAnswer.toString());
            return Outcome.unknown(noAnswer.getClass().getSimpleName());
        }
    }

    private <T> T guarded(Supplier<T> call) {
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
    }

    /** 2xx and 4xx are answers; 503 is retried; another 5xx counts as a failure and leaves the outcome unknown. */
    private static Answer answer(ClientHttpResponse response) throws IOException {
        int status = response.getStatusCode().value();
        if (status == 503) {
            throw new Busy();
        }
        if (status >= 500) {
            throw new ServerError(status);
        }
        byte[] bytes = response.getBody().readAllBytes();
        return new Answer(status, new String(bytes, StandardCharsets.UTF_8));
    }

    private Outcome operation(Answer answer) {
        if (answer.body().isBlank()) {
            return Outcome.approved(null);
        }
        return Outcome.approved(json.readValue(answer.body(), Operation.class).id());
    }

    private Problem problem(Answer answer) {
        try {
            return json.readValue(answer.body(), Problem.class);
        } catch (RuntimeException notAProblem) {
            return new Problem(null, null, null);
        }
    }

    private record Answer(int status, String body) {
        boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String id, String last4) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Authorization(String id, String reference, String status, String declineCode) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Operation(String id, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Problem(String title, String detail, String code) {
    }

    /** 503: the processor did nothing; retried, not counted by the breaker. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("503 from the card processor", null, false, false);
        }
    }

    /** Another 5xx: the processor may or may not have acted. */
    static final class ServerError extends RuntimeException {
        ServerError(int status) {
            super(status + " from the card processor", null, false, false);
        }
    }
}

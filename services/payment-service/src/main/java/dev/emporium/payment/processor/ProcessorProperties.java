package dev.emporium.payment.processor;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.payments.processor.*}: where the card processor is and how its hop is guarded.
 *
 * @param url its base URL, a plain address (not a service id: the processor is outside the platform)
 * @param connectTimeout how long a connection may take
 * @param readTimeout how long an answer may take; past it the outcome is unknown
 * @param attempts attempts of a call the processor answered 503 (it did nothing), including the first
 * @param backoff the first pause between them, doubled each time
 * @param breaker the circuit breaker on the hop
 */
@ConfigurationProperties("emporium.payments.processor")
public record ProcessorProperties(URI url, Duration connectTimeout, Duration readTimeout, int attempts, Duration backoff,
        Breaker breaker) {

    /**
     * @param window calls the failure rate is computed over
     * @param minimumCalls calls needed before the breaker may open
     * @param failureRatePercent failure rate (5xx, timeouts, refused connections) that opens it
     * @param openFor how long it stays open before letting trial calls through
     * @param halfOpenCalls trial calls in half-open state
     */
    public record Breaker(int window, int minimumCalls, float failureRatePercent, Duration openFor, int halfOpenCalls) {
    }
}

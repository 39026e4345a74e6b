package dev.emporium.gateway.resilience;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The breaker and time limit of each route's service ({@code emporium.gateway.resilience}): a service whose calls
 * fail (refused, reset, past the time limit) {@code failure-rate-percent} of the last {@code window} times, after at
 * least {@code minimum-calls}, is not called for {@code open-for}; then {@code half-open-calls} trial calls decide.
 * A service's time limit is {@code timeouts.<service>}, else {@code timeout}.
 */
@ConfigurationProperties("emporium.gateway.resilience")
public record RouteResilienceProperties(Duration timeout, Map<String, Duration> timeouts, int window, int minimumCalls,
        int failureRatePercent, Duration openFor, int halfOpenCalls) {

    public RouteResilienceProperties {
        timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        timeouts = timeouts == null ? Map.of() : Map.copyOf(timeouts);
        window = window <= 0 ? 20 : window;
        minimumCalls = minimumCalls <= 0 ? 10 : minimumCalls;
        failureRatePercent = failureRatePercent <= 0 ? 50 : failureRatePercent;
        openFor = openFor == null ? Duration.ofSeconds(5) : openFor;
        halfOpenCalls = halfOpenCalls <= 0 ? 3 : halfOpenCalls;
    }

    Duration timeoutOf(String service) {
        return timeouts.getOrDefault(service, timeout);
    }
}

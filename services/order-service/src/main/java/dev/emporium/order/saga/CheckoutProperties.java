package dev.emporium.order.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.checkout.*}: how long a saga step may take before the order is rejected with TIMEOUT, how often
 * deadlines are checked, the longest interval between re-sent commands after a decision, and when new orders are
 * shed ({@link CheckoutAdmission}: a limit on sagas in flight between {@code min-in-flight} and
 * {@code max-in-flight}, set from the decisions per second over {@code rate-window} times
 * {@code target-decision-time}, re-counted every {@code recount-every}).
 */
@ConfigurationProperties("emporium.checkout")
public record CheckoutProperties(Duration stepTimeout, Duration deadlineCheck, Duration maxRetryInterval, int maxInFlight,
        int minInFlight, Duration targetDecisionTime, Duration rateWindow, Duration recountEvery) {

    CheckoutSagaState.Timing timing() {
        return new CheckoutSagaState.Timing(stepTimeout, maxRetryInterval);
    }

    CheckoutAdmission.Limits admissionLimits() {
        return new CheckoutAdmission.Limits(minInFlight, maxInFlight, targetDecisionTime, rateWindow, recountEvery);
    }
}

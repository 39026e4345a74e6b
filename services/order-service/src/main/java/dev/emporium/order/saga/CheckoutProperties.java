package dev.emporium.order.saga;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code emporium.checkout.*}: how long a saga step may take before the order is rejected with TIMEOUT, how often
 * deadlines are checked, the longest interval between re-sent commands after a decision, and when new orders are
 * shed ({@link CheckoutAdmission}).
 */
@ConfigurationProperties("emporium.checkout")
public record CheckoutProperties(Duration stepTimeout, Duration deadlineCheck, Duration maxRetryInterval, int maxInFlight,
        Duration recountEvery) {

    CheckoutSagaState.Timing timing() {
        return new CheckoutSagaState.Timing(stepTimeout, maxRetryInterval);
    }
}

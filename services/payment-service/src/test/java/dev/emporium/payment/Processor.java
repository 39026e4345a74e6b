package dev.emporium.payment;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.emporium.testsupport.CardProcessorSimulator;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The card-processor simulator every test of this module talks to: one child process for the whole test JVM,
 * started on first use, with short reconciliation intervals, leases and breaker pauses so that recovery after an
 * injected fault takes a second, not minutes.
 */
final class Processor {

    private static CardProcessorSimulator simulator;

    private Processor() {
    }

    static synchronized CardProcessorSimulator simulator() {
        if (simulator == null) {
            simulator = CardProcessorSimulator.start();
            Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "close-card-processor"));
        }
        return simulator;
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("emporium.payments.processor.url", () -> simulator().url());
        registry.add("emporium.payments.processor.read-timeout", () -> "PT2S");
        registry.add("emporium.payments.processor.backoff", () -> "PT0.05S");
        registry.add("emporium.payments.processor.breaker.open-for", () -> "PT0.5S");
        registry.add("emporium.payments.intent-lease", () -> "PT7S");
        registry.add("emporium.payments.reconcile-every", () -> "PT0.5S");
        registry.add("emporium.payments.reconcile-after", () -> "PT1S");
        registry.add("emporium.kafka.retry-max-interval", () -> "PT1S");
    }

    /** No latency, no failures, every answer delivered; restarted if a test killed it. */
    static void healthy() {
        if (!simulator().isRunning()) {
            simulator().restart();
        }
        simulator().faults(Duration.ZERO, 0, 0);
    }

    static void failing() {
        simulator().faults(Duration.ZERO, 1.0, 0);
    }

    static void losingAnswers() {
        simulator().faults(Duration.ZERO, 0, 1.0);
    }

    static List<Map<String, Object>> ledger(String orderId) {
        return simulator().ledger(orderId);
    }

    /** How many operations of this type took effect for the order. */
    static long count(String orderId, String type) {
        return ledger(orderId).stream().filter(e -> type.equals(e.get("type")) && "APPROVED".equals(e.get("outcome")))
                .count();
    }
}

package dev.emporium.processor.fault;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import dev.emporium.processor.web.ProcessorException;
import org.springframework.stereotype.Component;

/** The faults in force now: set from the environment at start, replaced at run time through {@code PUT /v1/faults}. */
@Component
public class Faults {

    private final AtomicReference<Settings> settings;
    private final Duration lostAnswerDelay;

    Faults(FaultProperties properties) {
        this.settings = new AtomicReference<>(Settings.checked(properties.latency(), properties.transientFailureRate(),
                properties.lostAnswerRate()));
        this.lostAnswerDelay = properties.lostAnswerDelay();
    }

    public Settings current() {
        return settings.get();
    }

    /** Replaces the settings given (null keeps the current value); 400 for a negative latency or a rate outside 0..1. */
    public Settings change(Duration latency, Double transientFailureRate, Double lostAnswerRate) {
        return settings.updateAndGet(now -> Settings.checked(latency == null ? now.latency() : latency,
                transientFailureRate == null ? now.transientFailureRate() : transientFailureRate,
                lostAnswerRate == null ? now.lostAnswerRate() : lostAnswerRate));
    }

    Duration lostAnswerDelay() {
        return lostAnswerDelay;
    }

    boolean transientFailureNow() {
        return draw(current().transientFailureRate());
    }

    boolean loseAnswerNow() {
        return draw(current().lostAnswerRate());
    }

    private static boolean draw(double rate) {
        return rate > 0 && (rate >= 1 || ThreadLocalRandom.current().nextDouble() < rate);
    }

    public record Settings(Duration latency, double transientFailureRate, double lostAnswerRate) {

        static Settings checked(Duration latency, double transientFailureRate, double lostAnswerRate) {
            if (latency.isNegative()) {
                throw ProcessorException.badRequest("invalid_faults", "latency must not be negative.");
            }
            if (!(transientFailureRate >= 0 && transientFailureRate <= 1) || !(lostAnswerRate >= 0 && lostAnswerRate <= 1)) {
                throw ProcessorException.badRequest("invalid_faults", "Rates are between 0 and 1.");
            }
            return new Settings(latency, transientFailureRate, lostAnswerRate);
        }
    }
}

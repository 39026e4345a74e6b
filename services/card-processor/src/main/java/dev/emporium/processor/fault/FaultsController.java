package dev.emporium.processor.fault;

import java.time.Duration;

import dev.emporium.processor.web.ProcessorException;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET/PUT /v1/faults}: the chaos suite turns latency, transient failures and lost answers on and off while
 * the platform runs. Latency is an ISO-8601 duration or a simple one ({@code 50ms}); absent members stay as they are.
 * Not part of any real provider's API, and never itself subject to faults.
 */
@RestController
class FaultsController {

    private final Faults faults;

    FaultsController(Faults faults) {
        this.faults = faults;
    }

    @GetMapping("/v1/faults")
    View get() {
        return View.of(faults.current());
    }

    @PutMapping("/v1/faults")
    View put(@RequestBody Change change) {
        Duration latency = null;
        if (change.latency() != null) {
            try {
                latency = DurationStyle.detectAndParse(change.latency());
            } catch (IllegalArgumentException e) {
                throw ProcessorException.badRequest("invalid_faults",
                        "latency is an ISO-8601 duration (PT0.05S) or a simple one (50ms).");
            }
        }
        return View.of(faults.change(latency, change.transientFailureRate(), change.lostAnswerRate()));
    }

    record Change(String latency, Double transientFailureRate, Double lostAnswerRate) {
    }

    record View(String latency, double transientFailureRate, double lostAnswerRate) {
        static View of(Faults.Settings settings) {
            return new View(settings.latency().toString(), settings.transientFailureRate(), settings.lostAnswerRate());
        }
    }
}

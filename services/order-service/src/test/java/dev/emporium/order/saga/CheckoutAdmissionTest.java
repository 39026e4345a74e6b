package dev.emporium.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

class CheckoutAdmissionTest {

    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicInteger counts = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-29T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CheckoutAdmission admission = new CheckoutAdmission(() -> {
        counts.incrementAndGet();
        return inFlight.get();
    }, 3, Duration.ofMillis(200), meters, clock);

    @Test
    void admitsBelowTheLimitAndShedsAtItWith503AndRetryAfter() {
        inFlight.set(2);
        admission.admit();

        inFlight.set(3);
        now = now.plusMillis(201);
        assertThatThrownBy(admission::admit).isInstanceOfSatisfying(ErrorResponseException.class, busy -> {
            assertThat(busy.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(busy.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(busy.getBody().getProperties()).containsEntry("reason", "checkout-at-capacity");
            assertThat(busy.getBody().getDetail()).contains("nothing was stored");
        });
        assertThat(meters.counter("emporium.orders.shed").count()).isEqualTo(1.0);
    }

    @Test
    void countsAtMostOncePerIntervalSoTheCheckCostsNothingUnderLoad() {
        inFlight.set(5);
        for (int i = 0; i < 100; i++) {
            assertThatThrownBy(admission::admit).isInstanceOf(ErrorResponseException.class);
        }
        assertThat(counts).hasValue(1);

        inFlight.set(0);
        now = now.plusMillis(100);
        assertThatThrownBy(admission::admit).as("still the count of 100 ms ago").isInstanceOf(ErrorResponseException.class);
        now = now.plusMillis(101);
        admission.admit();
        assertThat(counts).hasValue(2);
    }
}

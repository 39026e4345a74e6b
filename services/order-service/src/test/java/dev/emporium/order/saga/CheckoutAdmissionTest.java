package dev.emporium.order.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
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
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.ErrorResponseException;

class CheckoutAdmissionTest {

    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong decidedInWindow = new AtomicLong();
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

    /** At least 3, at most 50 in flight; decisions counted over 5 s, aiming at 1 s to decision; counted every 200 ms. */
    private final CheckoutAdmission admission = new CheckoutAdmission(new CheckoutAdmission.Counts() {
        @Override
        public long countInFlight() {
            counts.incrementAndGet();
            return inFlight.get();
        }

        @Override
        public long countDecidedSince(Instant since) {
            assertThat(since).isEqualTo(now.minusSeconds(5));
            return decidedInWindow.get();
        }
    }, new CheckoutAdmission.Limits(3, 50, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMillis(200)),
            meters, clock);

    @Test
    void admitsBelowTheLimitAndShedsAtItWith503AndRetryAfter() {
        inFlight.set(2);
        admission.admit();

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

    @Test
    void ordersAdmittedSinceTheLastCountAreAddedToItSoABurstCannotOvershoot() {
        inFlight.set(0);
        admission.admit();
        admission.admit();
        admission.admit();
        assertThatThrownBy(admission::admit).as("3 admitted since a count of 0").isInstanceOf(ErrorResponseException.class);

        now = now.plusMillis(201);
        inFlight.set(1);
        admission.admit();
        admission.admit();
        assertThatThrownBy(admission::admit).as("a new count starts from what the database says")
                .isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void anOrderDecidedHereFreesItsSlotBeforeTheNextCount() {
        inFlight.set(3);
        assertThatThrownBy(admission::admit).isInstanceOf(ErrorResponseException.class);

        admission.decided();
        admission.admit();
        assertThatThrownBy(admission::admit).as("one decided, one admitted").isInstanceOf(ErrorResponseException.class);
        assertThat(counts).as("no new count was needed").hasValue(1);
    }

    @Test
    void aDecisionFreesItsSlotOnlyOnceItsTransactionCommits() {
        inFlight.set(3);
        assertThatThrownBy(admission::admit).isInstanceOf(ErrorResponseException.class);
        TransactionSynchronizationManager.initSynchronization();
        try {
            admission.decided();
            assertThatThrownBy(admission::admit).as("not committed yet").isInstanceOf(ErrorResponseException.class);
            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
        admission.admit();
    }

    @Test
    void theLimitIsDecisionsPerSecondTimesTheTargetTimeWithinItsBounds() {
        decidedInWindow.set(100); // 20 decisions/s, 1 s to decision: 20 in flight
        inFlight.set(19);
        admission.admit();
        assertThatThrownBy(admission::admit).isInstanceOf(ErrorResponseException.class);
        assertThat(meters.get("emporium.checkout.admission.limit").gauge().value()).isEqualTo(20.0);

        now = now.plusMillis(201);
        decidedInWindow.set(1_000); // 200/s: capped at max-in-flight
        inFlight.set(49);
        admission.admit();
        assertThatThrownBy(admission::admit).isInstanceOf(ErrorResponseException.class);
        assertThat(meters.get("emporium.checkout.admission.limit").gauge().value()).isEqualTo(50.0);

        now = now.plusMillis(201);
        decidedInWindow.set(0); // nothing decided (idle, or every participant stuck): min-in-flight
        inFlight.set(2);
        admission.admit();
        assertThatThrownBy(admission::admit).isInstanceOf(ErrorResponseException.class);
        assertThat(meters.get("emporium.checkout.admission.limit").gauge().value()).isEqualTo(3.0);
    }

    @Test
    void limitsMustBeConsistent() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckoutAdmission.Limits(10, 5, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(200)));
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckoutAdmission.Limits(0, 5, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofMillis(200)));
        assertThatIllegalArgumentException().isThrownBy(() -> new CheckoutAdmission.Limits(1, 5, Duration.ZERO,
                Duration.ofSeconds(5), Duration.ofMillis(200)));
    }
}
